/**
 * JSON values seen as kubectl sees them once decoded into Go (unstructured content): objects
 * are map[string]interface {}, arrays []interface {}, whole numbers int64, other numbers
 * float64. kubectl's output depends on this: a map prints through json.Marshal in -o jsonpath
 * but as `map[k:v]` (fmt's %v) in custom-columns, and comparisons refuse mixed types.
 */
import { sortKeys } from '../printers/sort-keys.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const isMap = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go's reflect type name, as client-go's errors print it. */
export function goType(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return 'interface {}';
}

/**
 * fmt's %v of a number: whole numbers are int64 (decimal); others float64, printed %g-style
 * with the shortest digits and the exponent form below 1e-4 and from 1e6 (`1.5e+06`).
 */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 6) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}

/** fmt.Sprint(v): strings raw, maps `map[a:1 b:2]` (sorted keys), slices `[a b]`, null `<nil>`. */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  const m = v as Record<string, unknown>;
  return `map[${Object.keys(m).sort().map((k) => `${k}:${goSprint(m[k])}`).join(' ')}]`;
}

/** Go's json.Marshal: compact, sorted keys, HTML-safe. */
export function goJson(v: unknown, indent?: string): string {
  return JSON.stringify(sortKeys(v), null, indent)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

function kindOf(v: unknown, literalFloat: boolean): Kind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return literalFloat || !Number.isInteger(v) ? 'float' : 'int';
  return 'invalid';
}

/** A value and whether it came from a float literal (`1.0` in a filter is a float64 in Go). */
export interface Operand {
  value: unknown;
  float?: boolean;
}

/**
 * The forked text/template comparisons client-go's filters use: same basic kind or
 * "incompatible types for comparison"; ordering only for numbers and strings.
 */
export function compare(op: string, l: Operand, r: Operand): boolean {
  const k1 = kindOf(l.value, Boolean(l.float));
  const k2 = kindOf(r.value, Boolean(r.float));
  if (k1 === 'invalid' || k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error('incompatible types for comparison');
  const a = l.value as number | string | boolean;
  const b = r.value as number | string | boolean;
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
  if (k1 === 'bool') throw new Error('invalid type for comparison');
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
  }
  throw new Error(`unrecognized filter operator ${op}`);
}

/** fmt's %#v (Go syntax), which kubectl prints as "object given to jsonpath engine was". */
export function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSharpV(x)).join(', ')}}`;
  const m = v as Record<string, unknown>;
  return `map[string]interface {}{${Object.keys(m).sort().map((k) => `${JSON.stringify(k)}:${goSharpV(m[k])}`).join(', ')}}`;
}
