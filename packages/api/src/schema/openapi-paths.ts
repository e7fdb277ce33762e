/**
 * The `paths` section of a group-version document: every URL the api-server serves for
 * each resource, with the verbs and query parameters upstream documents. kubectl's
 * field-validation probe looks for a PATCH tagged with the GVK whose parameters include
 * `fieldValidation` (k8s-api.md 1.4), so every PATCH carries both.
 */
import type { ResourceType } from '../resource-type.ts';

type Op = Record<string, unknown>;
type GVK = { group: string; version: string; kind: string };

const q = (name: string, description: string, type = 'string') => ({ name, in: 'query', description, schema: { type }, uniqueItems: true });
const P = {
  namespace: { name: 'namespace', in: 'path', required: true, description: 'object name and auth scope, such as for teams and projects', schema: { type: 'string' } },
  name: (kind: string) => ({ name: 'name', in: 'path', required: true, description: `name of the ${kind}`, schema: { type: 'string' } }),
  pretty: q('pretty', "If 'true', then the output is pretty printed."),
  dryRun: q('dryRun', 'When present, indicates that modifications should not be persisted. Valid values are: All'),
  fieldManager: q('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  fieldValidation: q('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict (default).'),
  force: q('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.', 'boolean'),
  list: ['labelSelector', 'fieldSelector', 'resourceVersion', 'resourceVersionMatch', 'limit', 'continue', 'watch', 'allowWatchBookmarks', 'timeoutSeconds', 'sendInitialEvents'].map((n) =>
    q(n, `${n} list/watch option`, ['limit', 'timeoutSeconds'].includes(n) ? 'integer' : ['watch', 'allowWatchBookmarks', 'sendInitialEvents'].includes(n) ? 'boolean' : 'string'),
  ),
};

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

function ref(id: string) {
  return { $ref: `#/components/schemas/${id}` };
}
function json(id: string) {
  return { content: { 'application/json': { schema: ref(id) }, 'application/yaml': { schema: ref(id) } } };
}

function op(action: string, gvk: GVK, operationId: string, description: string, extra: Op = {}): Op {
  return {
    description,
    operationId,
    tags: [gvk.group ? `${gvk.group.replace(/\..*$/, '')}_${gvk.version}` : `core_${gvk.version}`],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    responses: { '200': { description: 'OK', ...(extra['responseRef'] ? json(extra['responseRef'] as string) : {}) }, '401': { description: 'Unauthorized' } },
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'responseRef')),
  };
}

function patchOp(gvk: GVK, id: string, what: string, schemaId: string): Op {
  return op('patch', gvk, `patch${id}`, `partially update ${what}`, {
    parameters: [P.dryRun, P.fieldManager, P.fieldValidation, P.force],
    requestBody: { required: true, content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema: ref('io.k8s.apimachinery.pkg.apis.meta.v1.Patch') }])) },
    responseRef: schemaId,
  });
}

function putOp(gvk: GVK, id: string, what: string, schemaId: string): Op {
  return op('put', gvk, `replace${id}`, `replace ${what}`, { parameters: [P.dryRun, P.fieldManager, P.fieldValidation], requestBody: { required: true, ...json(schemaId) }, responseRef: schemaId });
}

/** Paths for one resource; `schemaIdOf` maps a GVK to its component name. */
export function resourcePaths(t: ResourceType, schemaIdOf: (g: string, v: string, k: string) => string): Record<string, Op> {
  const gvk = { group: t.group, version: t.version, kind: t.kind };
  const id = schemaIdOf(t.group, t.version, t.kind);
  const listId = schemaIdOf(t.group, t.version, t.listKind);
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const scoped = t.namespaced ? `${base}/namespaces/{namespace}/${t.plural}` : `${base}/${t.plural}`;
  const scope = t.namespaced ? 'Namespaced' : '';
  const K = `${scope}${t.kind}`;
  const scopeParams = t.namespaced ? [P.namespace, P.pretty] : [P.pretty];
  const paths: Record<string, Op> = {};

  if (t.verbs.includes('create') && !t.verbs.includes('get')) {
    // bindings: create only.
    paths[scoped] = { parameters: scopeParams, post: op('post', gvk, `create${K}`, `create a ${t.kind}`, { parameters: [P.dryRun, P.fieldManager, P.fieldValidation], requestBody: { required: true, ...json(id) }, responseRef: id }) };
    return paths;
  }
  // Read-only kinds (metrics.k8s.io) have only the two GETs.
  const writable = t.verbs.includes('create');
  paths[scoped] = {
    parameters: scopeParams,
    get: op('list', gvk, `list${K}`, `list or watch objects of kind ${t.kind}`, { parameters: P.list, responseRef: listId }),
    ...(writable ? {
      post: op('post', gvk, `create${K}`, `create a ${t.kind}`, { parameters: [P.dryRun, P.fieldManager, P.fieldValidation], requestBody: { required: true, ...json(id) }, responseRef: id }),
      delete: op('deletecollection', gvk, `deletecollection${K}`, `delete collection of ${t.kind}`, { parameters: P.list }),
    } : {}),
  };
  if (t.namespaced) {
    paths[`${base}/${t.plural}`] = { parameters: [P.pretty], get: op('list', gvk, `list${t.kind}ForAllNamespaces`, `list or watch objects of kind ${t.kind}`, { parameters: P.list, responseRef: listId }) };
  }
  const item = `${scoped}/{name}`;
  paths[item] = {
    parameters: [P.name(t.kind), ...scopeParams],
    get: op('get', gvk, `read${K}`, `read the specified ${t.kind}`, { responseRef: id }),
    ...(writable ? {
      put: putOp(gvk, K, `the specified ${t.kind}`, id),
      patch: patchOp(gvk, K, `the specified ${t.kind}`, id),
      delete: op('delete', gvk, `delete${K}`, `delete a ${t.kind}`, { parameters: [P.dryRun, q('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.', 'integer'), q('propagationPolicy', 'Whether and how garbage collection will be performed.')] }),
    } : {}),
  };
  for (const sub of t.subresources) {
    const path = `${item}/${sub}`;
    const params = [P.name(t.kind), ...scopeParams];
    const Sub = sub[0]!.toUpperCase() + sub.slice(1);
    if (sub === 'status') {
      paths[path] = { parameters: params, get: op('get', gvk, `read${K}Status`, `read status of the specified ${t.kind}`, { responseRef: id }), put: putOp(gvk, `${K}Status`, `status of the specified ${t.kind}`, id), patch: patchOp(gvk, `${K}Status`, `status of the specified ${t.kind}`, id) };
    } else if (sub === 'scale') {
      const sg = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
      const sid = 'io.k8s.api.autoscaling.v1.Scale';
      paths[path] = { parameters: params, get: op('get', sg, `read${K}Scale`, `read scale of the specified ${t.kind}`, { responseRef: sid }), put: putOp(sg, `${K}Scale`, `scale of the specified ${t.kind}`, sid), patch: patchOp(sg, `${K}Scale`, `scale of the specified ${t.kind}`, sid) };
    } else if (sub === 'binding' || sub === 'eviction') {
      const bg = sub === 'binding' ? { group: '', version: 'v1', kind: 'Binding' } : { group: 'policy', version: 'v1', kind: 'Eviction' };
      const bid = sub === 'binding' ? 'io.k8s.api.core.v1.Binding' : 'io.k8s.api.policy.v1.Eviction';
      paths[path] = { parameters: params, post: op('post', bg, `create${K}${Sub}`, `create ${sub} of a ${t.kind}`, { parameters: [P.dryRun, P.fieldManager, P.fieldValidation], requestBody: { required: true, ...json(bid) }, responseRef: bid }) };
    } else if (sub === 'log') {
      paths[path] = { parameters: params, get: op('get', gvk, `read${K}Log`, `read log of the specified ${t.kind}`, { parameters: ['container', 'follow', 'previous', 'sinceSeconds', 'tailLines', 'timestamps', 'limitBytes'].map((n) => q(n, n)) }) };
    } else {
      // exec, attach, portforward: connect verbs (websocket / SPDY upgrade).
      paths[path] = { parameters: params, get: op('connect', gvk, `connectGet${K}${Sub}`, `connect GET requests to ${sub} of ${t.kind}`), post: op('connect', gvk, `connectPost${K}${Sub}`, `connect POST requests to ${sub} of ${t.kind}`) };
    }
  }
  return paths;
}
