/**
 * The JSON merge patch (RFC 7386) that turns `from` into `to`: changed keys with their new
 * value, removed keys as null, lists replaced whole. kubectl edit sends a strategic merge
 * patch for built-in kinds; a merge patch carrying the whole edited list reaches the same
 * object, works for every kind the server serves, and touches only what the user changed.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Equal as JSON values: key order differs between the server's object and the re-read file. */
function sameJson(a: unknown, b: unknown): boolean {
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameJson(a[k], b[k]));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  return a === b;
}

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function createMergePatch(from: unknown, to: unknown): Record<string, Json> {
  const patch: Record<string, Json> = {};
  if (!isObject(from) || !isObject(to)) return patch;
  for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    const before = from[key];
    if (isObject(before) && isObject(value)) {
      const inner = createMergePatch(before, value);
      if (Object.keys(inner).length) patch[key] = inner;
    } else if (!sameJson(before, value)) {
      patch[key] = value;
    }
  }
  return patch;
}
