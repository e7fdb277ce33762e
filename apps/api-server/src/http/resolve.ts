/**
 * Turns a Kubernetes API path into what it addresses. One parser for every verb, instead of a
 * route per pattern, because the patterns overlap (`/api/v1/namespaces/x/status` is the
 * namespace x's status subresource, `/api/v1/namespaces/x/pods` the pods in namespace x) and
 * only the registry can tell them apart.
 */
import { registry, type ResourceType } from '@skiff/api';

export type Target =
  | { kind: 'root-discovery'; core: boolean } // /api or /apis
  | { kind: 'group-discovery'; group: string } // /apis/<g>
  | { kind: 'version-discovery'; group: string; version: string } // /api/v1, /apis/<g>/<v>
  | {
      kind: 'resource';
      type: ResourceType;
      namespace: string | undefined;
      name: string | undefined;
      subresource: string | undefined;
    }
  | { kind: 'unknown-resource'; group: string; version: string; resource: string }
  | { kind: 'not-found' };

export function resolvePath(pathname: string): Target {
  const parts = pathname.split('/').filter((p) => p.length > 0).map(safeDecode);
  if (parts.length === 0) return { kind: 'not-found' };
  let group: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'root-discovery', core: true };
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'root-discovery', core: false };
    group = parts[1]!;
    if (parts.length === 2) return { kind: 'group-discovery', group };
    rest = parts.slice(2);
  } else {
    return { kind: 'not-found' };
  }
  const version = rest[0]!;
  const segs = rest.slice(1);
  if (segs.length === 0) return { kind: 'version-discovery', group, version };

  // namespaces/<ns>/<plural>[/<name>[/<sub>]] unless <plural> is a namespace subresource.
  if (segs[0] === 'namespaces' && segs.length >= 3) {
    const nsType = registry.byPlural(group, version, 'namespaces');
    const candidate = registry.byPlural(group, version, segs[2]!);
    const isNsSub = nsType && segs.length === 3 && !candidate;
    if (!isNsSub) {
      if (!candidate) return { kind: 'unknown-resource', group, version, resource: segs[2]! };
      if (!candidate.namespaced || segs.length > 5) return { kind: 'not-found' };
      return { kind: 'resource', type: candidate, namespace: segs[1], name: segs[3], subresource: segs[4] };
    }
  }
  if (segs.length > 3) return { kind: 'not-found' };
  const type = registry.byPlural(group, version, segs[0]!);
  if (!type) return { kind: 'unknown-resource', group, version, resource: segs[0]! };
  return { kind: 'resource', type, namespace: undefined, name: segs[1], subresource: segs[2] };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
