/**
 * URL building for the Kubernetes REST layout (k8s-api.md 2.1). Kept apart from the
 * transport so the escaping rules are tested on their own: every path segment goes
 * through encodeURIComponent and queries through URLSearchParams, which yields the same
 * form kubectl sends (`app+in+%28demo%29%2Ctier%21%3Ddb`).
 */

/** Where a resource lives: what a URL needs, nothing about its schema. */
export interface ResourceRef {
  group: string; // '' for the core group
  version: string;
  plural: string;
  namespaced: boolean;
  /** Optional, but needed where objects are matched by kind (owner references, errors). */
  kind?: string;
}

export interface PathTarget {
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

export type QueryValue = string | number | boolean | undefined | null | readonly string[];

export function groupVersionPath(ref: Pick<ResourceRef, 'group' | 'version'>): string {
  return ref.group ? `/apis/${enc(ref.group)}/${enc(ref.version)}` : `/api/${enc(ref.version)}`;
}

/**
 * `/api/v1/namespaces/ns/pods/name/status`. A namespaced resource without a namespace
 * addresses the all-namespaces collection, which only makes sense without a name.
 */
export function resourcePath(ref: ResourceRef, target: PathTarget = {}): string {
  let p = groupVersionPath(ref);
  if (ref.namespaced && target.namespace) p += `/namespaces/${enc(target.namespace)}`;
  else if (ref.namespaced && target.name !== undefined)
    throw new TypeError(`${ref.plural} is namespaced: a namespace is required to address "${target.name}"`);
  p += `/${enc(ref.plural)}`;
  if (target.name !== undefined) {
    if (target.name === '') throw new TypeError(`resource name may not be empty (${ref.plural})`);
    p += `/${enc(target.name)}`;
  }
  if (target.subresource) {
    if (target.name === undefined) throw new TypeError(`subresource "${target.subresource}" needs a name`);
    p += `/${target.subresource.split('/').map(enc).join('/')}`;
  }
  return p;
}

/** Query string with a leading `?`, or '' when empty. Undefined/null values are dropped; arrays repeat the key. */
export function encodeQuery(params: Record<string, QueryValue>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v as readonly string[]) q.append(k, item);
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Join a server URL (which may carry a path prefix, e.g. a proxy) and an API path. */
export function joinUrl(server: string, path: string): string {
  return server.replace(/\/+$/, '') + path;
}

function enc(segment: string): string {
  // '.' and '..' are legal-looking names that URL normalisation would eat.
  if (segment === '.' || segment === '..') throw new TypeError(`"${segment}" is not a valid path segment`);
  return encodeURIComponent(segment);
}
