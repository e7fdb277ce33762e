/**
 * Field-level helpers shared by the per-kind validators. Messages follow apimachinery's
 * validation helpers (ValidateNonnegativeField, ValidatePortNumOrName, ValidateImmutableField...).
 */
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { isDNS1123Label } from '../names.ts';

/** Upstream's field.NotFound; CauseType (status.ts) has no FieldValueNotFound, so it travels as Invalid. */
export function notFound(field: string, value: unknown): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Not found: ${JSON.stringify(value)}` };
}

export function nonNegative(value: number | undefined, field: string): StatusCause[] {
  return value !== undefined && value < 0 ? [cause.invalid(field, value, 'must be greater than or equal to 0')] : [];
}

export function positive(value: number | undefined, field: string): StatusCause[] {
  return value !== undefined && value <= 0 ? [cause.invalid(field, value, 'must be greater than 0')] : [];
}

export function validPort(port: number | undefined, field: string): StatusCause[] {
  return port !== undefined && (port < 1 || port > 65535) ? [cause.invalid(field, port, 'must be between 1 and 65535, inclusive')] : [];
}

/** IANA_SVC_NAME: a named port (≤15 chars, lowercase alnum and '-', at least one letter, no '--'). */
export function isValidPortName(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (name.includes('--')) errs.push("must not contain consecutive hyphens");
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

export function validPortNumOrName(port: number | string | undefined, field: string): StatusCause[] {
  if (port === undefined) return [];
  if (typeof port === 'number') return validPort(port, field);
  return isValidPortName(port).map((m) => cause.invalid(field, port, m));
}

export function dnsLabel(value: string, field: string): StatusCause[] {
  return isDNS1123Label(value).map((m) => cause.invalid(field, value, m));
}

/** ValidateImmutableField: `Invalid value: <new>: field is immutable`. */
export function immutable(next: unknown, prev: unknown, field: string): StatusCause[] {
  return JSON.stringify(next) === JSON.stringify(prev) ? [] : [cause.invalid(field, next ?? null, 'field is immutable')];
}

/** Duplicate detection by key over a list, reported on `<list>[i].<keyField>`. */
export function uniqueBy<T>(items: T[] | undefined, key: (t: T) => string | undefined, path: string, keyField: string): StatusCause[] {
  const seen = new Set<string>();
  const out: StatusCause[] = [];
  (items ?? []).forEach((it, i) => {
    const k = key(it);
    if (k === undefined) return;
    if (seen.has(k)) out.push(cause.duplicate(`${path}[${i}]${keyField ? '.' + keyField : ''}`, k));
    seen.add(k);
  });
  return out;
}

/** int-or-string percentages (maxSurge, maxUnavailable, minAvailable). */
export function intOrPercent(v: number | string | undefined, field: string): StatusCause[] {
  if (v === undefined) return [];
  if (typeof v === 'number') return nonNegative(v, field);
  const m = /^(\d+)%$/.exec(v);
  if (!m) return [cause.invalid(field, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
  if (Number(m[1]) > 100) return [cause.invalid(field, v, 'must not be greater than 100%')];
  return [];
}
