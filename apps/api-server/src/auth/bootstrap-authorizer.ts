/**
 * What a join token may do. Skiff has no RBAC engine: every other authenticated user (the admin
 * token, tokens.csv users) is an administrator. Join tokens are different: they are copied onto
 * machines, so a user in `system:bootstrappers` gets only what a node agent calls (refs.ts and
 * services/ in apps/node-agent): its Node and Lease, the pods it runs and their status, events,
 * the ConfigMaps and Secrets its pods mount (get by name only, never list), Services and
 * EndpointSlices for the Service proxy, and the DRA objects. Everything else is 403, kubectl's
 * wording. Rules are not per node (upstream's Node authorizer needs node identities Skiff does
 * not have yet): any join token can act on any Node and any pod bound anywhere.
 */
import { resolvePath } from '../http/resolve.ts';
import { BOOTSTRAP_NAMESPACE, BOOTSTRAP_SECRET_PREFIX, BOOTSTRAPPERS_GROUP } from './bootstrap-format.ts';
import type { User } from './tokens.ts';

interface Rule {
  group: string;
  /** plural, or plural/subresource */
  resources: string[];
  verbs: string[];
  namespace?: string;
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch'];

export const NODE_AGENT_RULES: readonly Rule[] = [
  { group: '', resources: ['nodes', 'nodes/status'], verbs: [...READ, ...WRITE] },
  { group: 'coordination.k8s.io', resources: ['leases'], verbs: [...READ, ...WRITE], namespace: 'kube-node-lease' },
  // delete: the agent removes a pod once its containers are gone; patch: the GPU annotation.
  { group: '', resources: ['pods'], verbs: [...READ, 'patch', 'delete'] },
  { group: '', resources: ['pods/status'], verbs: ['get', 'update', 'patch'] },
  { group: '', resources: ['events'], verbs: [...READ, ...WRITE] },
  { group: 'events.k8s.io', resources: ['events'], verbs: [...READ, ...WRITE] },
  { group: '', resources: ['configmaps', 'secrets'], verbs: ['get'] },
  { group: '', resources: ['services', 'endpoints'], verbs: READ },
  { group: 'discovery.k8s.io', resources: ['endpointslices'], verbs: READ },
  { group: 'resource.k8s.io', resources: ['resourceslices'], verbs: [...READ, ...WRITE, 'delete'] },
  { group: 'resource.k8s.io', resources: ['resourceclaims'], verbs: READ },
  { group: 'authentication.k8s.io', resources: ['selfsubjectreviews'], verbs: ['create'] },
];

/** Skiff endpoints outside the resource tree that an agent calls: its events in batches (routes/batch/events.ts). */
const NODE_AGENT_PATHS = new Set(['POST /apis/skiff.dev/v1/events']);

function verbOf(method: string, named: boolean, query: URLSearchParams): string | undefined {
  const watch = ['true', '1'].includes(query.get('watch') ?? '');
  switch (method) {
    case 'GET':
    case 'HEAD':
      return watch ? 'watch' : named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}

function isDiscovery(path: string): boolean {
  return path === '/api' || path === '/apis' || path.startsWith('/api/') || path.startsWith('/apis/') || path.startsWith('/openapi/') || path === '/openapi/v3' || path === '/version';
}

/** undefined when allowed; else the 403 message. Only join-token users are restricted. */
export function authorizeRequest(user: User | undefined, method: string, url: string): string | undefined {
  if (!user || !user.groups.includes(BOOTSTRAPPERS_GROUP)) return undefined;
  const [path = '', qs = ''] = url.split('?');
  const target = resolvePath(path);
  const who = `User "${user.name}"`;
  if (target.kind !== 'resource') {
    if ((method === 'GET' || method === 'HEAD') && isDiscovery(path)) return undefined;
    if (NODE_AGENT_PATHS.has(`${method} ${path}`)) return undefined;
    return `forbidden: ${who} cannot ${method.toLowerCase()} path "${path}": join tokens may only do what a node agent needs`;
  }
  const { type, namespace, name, subresource } = target;
  const verb = verbOf(method, name !== undefined, new URLSearchParams(qs)) ?? method.toLowerCase();
  const resource = subresource ? `${type.plural}/${subresource}` : type.plural;
  const allowed = NODE_AGENT_RULES.some(
    (r) => r.group === type.group && r.resources.includes(resource) && r.verbs.includes(verb) && (r.namespace === undefined || r.namespace === namespace),
  );
  // Another join token's Secret is one guessable id away: never readable with a join token.
  const otherToken = type.group === '' && type.plural === 'secrets' && namespace === BOOTSTRAP_NAMESPACE && (name ?? '').startsWith(BOOTSTRAP_SECRET_PREFIX);
  if (allowed && !otherToken) return undefined;
  const subject = name !== undefined ? `${type.plural} "${name}"` : type.plural;
  const scope = namespace !== undefined ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const sub = subresource ? ` subresource "${subresource}" of` : '';
  return `${subject} is forbidden: ${who} cannot ${verb}${sub} resource "${type.plural}" in API group "${type.group}" ${scope}: join tokens may only do what a node agent needs (docs/homelab.md)`;
}
