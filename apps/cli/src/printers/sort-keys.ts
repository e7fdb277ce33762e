/**
 * kubectl prints objects as Go maps, whose JSON and YAML encoders sort keys. Sorting a deep
 * copy here makes our -o json / -o yaml byte-comparable with kubectl's.
 */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
  return out;
}
