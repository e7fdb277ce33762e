/**
 * Strategic-merge-patch failures with upstream's texts (apimachinery `util/mergepatch`)
 * and the apiserver's status mapping (`interpretStrategicMergePatchError`): malformed
 * directives are 400, list-of-lists and retainKeys mismatches 422, anything else reaches
 * the client as a 500 carrying the raw message, as upstream does.
 */
import { StatusError } from '../status.ts';

export const ERR_BAD_JSON_DOC = 'invalid JSON document';
export const ERR_NO_LIST_OF_LISTS = 'lists of lists are not supported';
export const ERR_BAD_PRIMITIVE_LIST = 'invalid patch format of primitive list';
export const ERR_BAD_RETAIN_KEYS = 'invalid patch format of retainKeys';
export const ERR_BAD_SET_ELEMENT_ORDER = 'invalid patch format of setElementOrder list';
export const ERR_RETAIN_KEYS_MISMATCH = "patch content doesn't match retainKeys list";

const BAD_REQUEST = new Set([ERR_BAD_JSON_DOC, ERR_BAD_PRIMITIVE_LIST, ERR_BAD_RETAIN_KEYS, ERR_BAD_SET_ELEMENT_ORDER]);
const UNPROCESSABLE = new Set([ERR_NO_LIST_OF_LISTS, ERR_RETAIN_KEYS_MISMATCH]);

export function smpError(message: string): StatusError {
  if (BAD_REQUEST.has(message)) return new StatusError(400, 'BadRequest', message);
  if (UNPROCESSABLE.has(message)) {
    return new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
      causes: [{ reason: 'UnexpectedServerResponse', message }],
    });
  }
  return new StatusError(500, 'InternalError', message);
}

/** Go's `%v` rendering, so messages read like upstream's (`map[name:main]`). */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goFormat(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** reflect.TypeOf names for ErrBadArgType. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

export function errBadArgType(expected: string, actual: unknown): StatusError {
  return smpError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

export function errNoMergeKey(m: unknown, key: string): StatusError {
  return smpError(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);
}
