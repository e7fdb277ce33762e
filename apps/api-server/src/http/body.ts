/**
 * Request bodies: decoded here, once, into Kubernetes-shaped errors. Fastify hands us the raw
 * string (see plugins/content-types.ts) so malformed JSON/YAML gets the upstream wording
 * instead of a framework error.
 */
import { errors, type KubeObject } from '@skiff/api';
import { parse as parseYaml } from 'yaml';

export function decodeJson(raw: unknown): unknown {
  if (typeof raw !== 'string' || raw.length === 0) throw errors.badRequest('the request body is empty');
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw errors.badRequest(`json: cannot unmarshal request body: ${(e as Error).message}`);
  }
}

export function decodeYamlOrJson(raw: unknown): unknown {
  if (typeof raw !== 'string' || raw.length === 0) throw errors.badRequest('the request body is empty');
  const trimmed = raw.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return decodeJson(raw);
  try {
    return parseYaml(raw, { maxAliasCount: 100 });
  } catch (e) {
    throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
}

/** The body must be a JSON object that looks like an API object; defaults kind/apiVersion from the URL. */
export function decodeObject(raw: unknown, apiVersion: string, kind: string, yaml = false): KubeObject {
  const v = yaml ? decodeYamlOrJson(raw) : decodeJson(raw);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw errors.badRequest(`the body of the request must be a JSON object of kind ${kind}`);
  }
  const obj = v as Record<string, unknown>;
  if (obj['apiVersion'] !== undefined && obj['apiVersion'] !== apiVersion) {
    throw errors.badRequest(
      `the API version in the data (${String(obj['apiVersion'])}) does not match the expected API version (${apiVersion})`,
    );
  }
  if (obj['kind'] !== undefined && obj['kind'] !== kind) {
    throw errors.badRequest(`the kind in the data (${String(obj['kind'])}) does not match the expected kind (${kind})`);
  }
  const meta = obj['metadata'];
  if (meta !== undefined && meta !== null && (typeof meta !== 'object' || Array.isArray(meta))) {
    throw errors.badRequest('metadata must be an object');
  }
  obj['apiVersion'] = apiVersion;
  obj['kind'] = kind;
  if (meta === undefined || meta === null) obj['metadata'] = {};
  return obj as KubeObject;
}
