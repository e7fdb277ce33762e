/**
 * The JSON merge patch (RFC 7386) that turns one status into another: nested objects are
 * diffed key by key (null removes), arrays and scalars replaced whole.
 */
export function statusPatch<S extends object>(current: S | undefined, next: S): Record<string, unknown> | undefined {
  const patch = diff(current ?? {}, next);
  return patch && typeof patch === 'object' && Object.keys(patch).length ? (patch as Record<string, unknown>) : undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function diff(cur: unknown, nxt: unknown): unknown {
  if (!isObj(cur) || !isObj(nxt)) return nxt;
  const out: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(cur), ...Object.keys(nxt)])) {
    const a = cur[k];
    const b = nxt[k];
    if (b === undefined) {
      if (a !== undefined) out[k] = null;
      continue;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (isObj(a) && isObj(b)) {
      const d = diff(a, b) as Record<string, unknown>;
      if (Object.keys(d).length) out[k] = d;
    } else out[k] = b;
  }
  return out;
}
