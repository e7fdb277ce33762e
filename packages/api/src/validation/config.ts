/** ConfigMap and Secret: key syntax, size, and the `immutable` lock. */
import type { ConfigMap } from '../kinds/configmap.ts';
import type { Secret } from '../kinds/secret.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { validateObjectMeta } from './object-meta.ts';
import { immutable } from './common.ts';

const KEY_RE = /^[-._a-zA-Z0-9]+$/;
export const MAX_DATA_BYTES = 1024 * 1024;

export function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!KEY_RE.test(key)) errs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  if (key === '.' || key === '..') errs.push(`must not be '${key}'`);
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

function validateKeys(maps: Array<[string, Record<string, string> | undefined]>): StatusCause[] {
  const out: StatusCause[] = [];
  const seen = new Set<string>();
  let size = 0;
  for (const [field, m] of maps) {
    for (const [k, v] of Object.entries(m ?? {})) {
      for (const e of configKeyErrors(k)) out.push(cause.invalid(`${field}[${k}]`, k, e));
      if (seen.has(k)) out.push(cause.duplicate(`${field}[${k}]`, k));
      seen.add(k);
      size += v.length;
    }
  }
  if (size > MAX_DATA_BYTES) out.push({ reason: 'FieldValueTooLong', field: maps[0]![0], message: `Too long: must have at most ${MAX_DATA_BYTES} bytes` });
  return out;
}

function immutableData(next: { immutable?: boolean | undefined }, prev: { immutable?: boolean | undefined }, fields: Array<[string, unknown, unknown]>): StatusCause[] {
  if (prev.immutable !== true) return [];
  const out: StatusCause[] = [];
  if (next.immutable !== true) out.push(cause.forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const [field, a, b] of fields) {
    if (JSON.stringify(a ?? {}) !== JSON.stringify(b ?? {})) out.push(cause.forbidden(field, 'field is immutable when `immutable` is set'));
  }
  return out;
}

export function validateConfigMap(cm: ConfigMap, old?: ConfigMap): StatusCause[] {
  const out = validateObjectMeta(cm.metadata, { namespaced: true, name: 'subdomain' });
  out.push(...validateKeys([['data', cm.data], ['binaryData', cm.binaryData]]));
  if (old) out.push(...immutableData(cm, old, [['data', cm.data, old.data], ['binaryData', cm.binaryData, old.binaryData]]));
  return out;
}

export function validateSecret(s: Secret, old?: Secret): StatusCause[] {
  const out = validateObjectMeta(s.metadata, { namespaced: true, name: 'subdomain' });
  out.push(...validateKeys([['data', s.data]]));
  if (s.type === 'kubernetes.io/dockerconfigjson' && !s.data?.['.dockerconfigjson']) out.push(cause.required('data[.dockerconfigjson]'));
  if (s.type === 'kubernetes.io/tls') {
    if (!s.data?.['tls.crt']) out.push(cause.required('data[tls.crt]'));
    if (!s.data?.['tls.key']) out.push(cause.required('data[tls.key]'));
  }
  if (old) {
    out.push(...immutable(s.type, old.type, 'type'));
    out.push(...immutableData(s, old, [['data', s.data, old.data]]));
  }
  return out;
}
