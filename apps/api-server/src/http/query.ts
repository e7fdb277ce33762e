/** Typed access to the query parameters the API accepts, with upstream errors for bad values. */
import { errors } from '@skiff/api';

export type Query = Record<string, string | string[] | undefined>;

export function str(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

export function bool(q: Query, name: string): boolean {
  const v = str(q, name);
  return v === 'true' || v === '1';
}

export function int(q: Query, name: string): number | undefined {
  const v = str(q, name);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw errors.badRequest(`invalid value for ${name}: ${JSON.stringify(v)}: must be an integer`);
  return Number(v);
}

export function dryRun(q: Query): boolean {
  const v = q['dryRun'];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  for (const d of all) if (d !== 'All') throw errors.badRequest(`Invalid dryRun value: ${JSON.stringify(d)}: supported values: "All"`);
  return all.length > 0;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidation(q: Query): FieldValidation {
  const v = str(q, 'fieldValidation');
  if (v === undefined || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw errors.badRequest(`fieldValidation parameter unsupported: "${v}": supported values: "Ignore", "Warn", "Strict"`);
}
