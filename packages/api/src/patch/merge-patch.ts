/**
 * JSON Merge Patch (RFC 7386), `application/merge-patch+json`: objects merge recursively,
 * `null` deletes, everything else (lists included) replaces. The apiserver answers a patch
 * body that is not a JSON object with 400 "Invalid JSON Patch" (evanphx ErrBadJSONPatch).
 */
import { errors } from '../status.ts';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return structuredClone(patch);
  const out: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

/** Returns a new document; neither input is modified. */
export function applyMergePatch<T = JsonObject>(target: unknown, patch: unknown): T {
  if (!isJsonObject(patch)) throw errors.badRequest('Invalid JSON Patch');
  return merge(target, patch) as T;
}
