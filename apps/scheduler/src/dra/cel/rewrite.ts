/**
 * Source rewrites applied before parsing, for two places where the evaluator differs from
 * upstream CEL:
 * - `has(device.attributes['dom'].name)`: the evaluator's has() only accepts a field path that
 *   starts at a variable (`has(a.b.c)`), not one through an index. On a map, has(m.f) is
 *   exactly `'f' in m`, so the idiom DRA users write becomes that.
 * - `s.matches(re)`: upstream uses RE2 (linear time); the evaluator uses JS RegExp, which can
 *   backtrack exponentially. Calls go to `re2Matches`, registered in k8s-library.ts.
 * String literals are masked first so that text inside quotes is never rewritten.
 */

const STRING_LITERAL = /([rRbB]{0,2})("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;
const MASK = (i: number) => `\u0000${i}\u0000`;
const UNMASK = /\u0000(\d+)\u0000/g;

const HAS_ON_MAP =
  /\bhas\(\s*(device\s*\.\s*(?:attributes|capacity)\s*\[\s*\u0000\d+\u0000\s*\])\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)/g;
const MATCHES_METHOD = /\.\s*matches\s*\(/g;

export function rewriteSelector(expression: string): string {
  const literals: string[] = [];
  const masked = expression.replace(STRING_LITERAL, (lit) => {
    literals.push(lit);
    return MASK(literals.length - 1);
  });
  const rewritten = masked
    .replace(HAS_ON_MAP, (_all, map: string, field: string) => `('${field}' in ${map})`)
    .replace(MATCHES_METHOD, '.re2Matches(');
  if (rewritten === masked) return expression;
  return rewritten.replace(UNMASK, (_all, i: string) => literals[Number(i)]!);
}
