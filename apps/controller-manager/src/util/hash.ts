/**
 * The pod-template-hash: FNV-32a over a canonical JSON rendering of the template (+ the
 * collisionCount), encoded with the alphabet upstream's rand.SafeEncodeString uses, so the
 * string never forms words and is a valid label value.
 */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  const bytes = Buffer.from(s, 'utf8');
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE[ch.charCodeAt(0) % SAFE.length];
  return out;
}

export function computeHash(template: unknown, collisionCount?: number): string {
  let input = canonicalJson(template);
  if (collisionCount !== undefined && collisionCount > 0) input += `#${collisionCount}`;
  return safeEncode(String(fnv32a(input)));
}
