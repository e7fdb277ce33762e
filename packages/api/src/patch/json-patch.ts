/**
 * JSON Patch (RFC 6902), `application/json-patch+json`, applied with fast-json-patch.
 * Status mapping follows the apiserver: a body that is not an operation array is 400
 * BadRequest; an operation that cannot apply (test failed, missing path, bad op) is 422
 * Invalid, "the server rejected our request due to an error in our request", with the
 * evanphx/json-patch text as an UnexpectedServerResponse cause (what kubectl prints).
 */
import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { errors, StatusError } from '../status.ts';

export type JsonPatchOperation = Operation;

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function rejected(detail: string): StatusError {
  return new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'UnexpectedServerResponse', message: detail }],
  });
}

/** The message evanphx/json-patch (v4, used by the apiserver) gives for a failed op. */
function evanphxMessage(name: string, op: Record<string, unknown> | undefined, fallback: string): string {
  const kind = String(op?.op ?? '');
  const path = String(op?.path ?? '');
  const from = String(op?.from ?? '');
  switch (name) {
    case 'TEST_OPERATION_FAILED':
      return `testing value ${path} failed: test failed`;
    case 'OPERATION_OP_INVALID':
      return `Unexpected kind: ${kind}`;
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `${kind} operation does not apply: doc is missing from path: ${from}: missing value`;
    case 'OPERATION_PATH_UNRESOLVABLE':
    case 'OPERATION_PATH_CANNOT_ADD':
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
      if (kind === 'replace') return `replace operation does not apply: doc is missing key: ${path}: missing value`;
      if (kind === 'test') return `test operation does not apply: is missing path: ${path}: missing value`;
      return `${kind} operation does not apply: doc is missing path: "${path}": missing value`;
    default:
      return fallback;
  }
}

/** Returns a new document; the target is not modified. */
export function applyJsonPatch<T = unknown>(target: unknown, ops: unknown): T {
  if (!Array.isArray(ops)) {
    const what = ops === null ? 'null' : Array.isArray(ops) ? 'array' : typeof ops === 'object' ? 'object' : typeof ops;
    throw errors.badRequest(`json: cannot unmarshal ${what} into Go value of type jsonpatch.Patch`);
  }
  for (const op of ops) {
    if (typeof op !== 'object' || op === null || Array.isArray(op)) {
      throw errors.badRequest('json: cannot unmarshal into Go value of type jsonpatch.Operation');
    }
    const kind = (op as Record<string, unknown>).op;
    if (!OPS.has(String(kind))) throw rejected(`Unexpected kind: ${kind === undefined ? '' : String(kind)}`);
  }
  try {
    return jsonpatch.applyPatch(structuredClone(target), ops as Operation[], true, true).newDocument as T;
  } catch (e) {
    if (e instanceof jsonpatch.JsonPatchError) {
      throw rejected(evanphxMessage(e.name, e.operation as Record<string, unknown> | undefined, e.message));
    }
    throw e;
  }
}
