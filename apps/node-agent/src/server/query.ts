/** Query parameters of kubelet URLs, read the way the kubelet reads them. */
export type Query = URLSearchParams;

export const flag = (q: Query, name: string): boolean => {
  const v = q.get(name);
  return v === 'true' || v === '1' || v === '';
};

/** A non-negative integer, undefined when absent; anything else is the caller's error. */
export function count(q: Query, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, not ${JSON.stringify(v)}`);
  return n;
}
