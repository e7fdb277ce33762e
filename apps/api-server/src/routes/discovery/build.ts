/**
 * Discovery documents, computed once from the registry: aggregated (apidiscovery.k8s.io/v2,
 * two requests for kubectl) and legacy (APIVersions / APIGroupList / APIResourceList).
 */
import { registry, type ResourceType } from '@skiff/api';

interface GroupVersions {
  group: string;
  versions: Map<string, ResourceType[]>;
}

function grouped(): GroupVersions[] {
  const byGroup = new Map<string, GroupVersions>();
  for (const t of registry.all()) {
    let g = byGroup.get(t.group);
    if (!g) byGroup.set(t.group, (g = { group: t.group, versions: new Map() }));
    const list = g.versions.get(t.version) ?? [];
    list.push(t);
    g.versions.set(t.version, list);
  }
  return [...byGroup.values()];
}

const SUB_KINDS: Record<string, { group: string; version: string; kind: string }> = {
  scale: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  binding: { group: '', version: 'v1', kind: 'Binding' },
  eviction: { group: 'policy', version: 'v1', kind: 'Eviction' },
};

function subVerbs(sub: string): string[] {
  if (sub === 'status' || sub === 'scale') return ['get', 'patch', 'update'];
  if (sub === 'binding' || sub === 'eviction') return ['create'];
  if (sub === 'log') return ['get'];
  return ['get', 'create'];
}

function subKind(t: ResourceType, sub: string): { group: string; version: string; kind: string } {
  return SUB_KINDS[sub] ?? (sub === 'status' ? { group: t.group, version: t.version, kind: t.kind } : { group: '', version: 'v1', kind: sub === 'log' ? 'Pod' : 'Status' });
}

function aggregatedResource(t: ResourceType): Record<string, unknown> {
  const r: Record<string, unknown> = {
    resource: t.plural,
    singularResource: t.singular,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    verbs: t.verbs,
  };
  if (t.shortNames.length) r['shortNames'] = t.shortNames;
  if (t.categories.length) r['categories'] = t.categories;
  if (t.subresources.length) {
    r['subresources'] = t.subresources.map((s) => ({ subresource: s, responseKind: subKind(t, s), verbs: subVerbs(s) }));
  }
  return r;
}

export function aggregatedDiscovery(core: boolean): Record<string, unknown> {
  const items = grouped()
    .filter((g) => (g.group === '') === core)
    .map((g) => ({
      metadata: { name: g.group },
      versions: [...g.versions.entries()].map(([version, types]) => ({
        version,
        freshness: 'Current',
        resources: types.map(aggregatedResource),
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

export function legacyApiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupEntry(g: GroupVersions): Record<string, unknown> {
  const versions = [...g.versions.keys()].map((v) => ({ groupVersion: `${g.group}/${v}`, version: v }));
  return { name: g.group, versions, preferredVersion: versions[0] };
}

export function legacyGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: grouped().filter((g) => g.group !== '').map(groupEntry) };
}

export function legacyGroup(group: string): Record<string, unknown> | undefined {
  const g = grouped().find((x) => x.group === group && group !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g) } : undefined;
}

export function legacyResourceList(group: string, version: string): Record<string, unknown> | undefined {
  const types = grouped().find((g) => g.group === group)?.versions.get(version);
  if (!types) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const t of types) {
    const r: Record<string, unknown> = { name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: t.verbs };
    if (t.shortNames.length) r['shortNames'] = t.shortNames;
    if (t.categories.length) r['categories'] = t.categories;
    resources.push(r);
    for (const s of t.subresources) {
      const k = subKind(t, s);
      const sr: Record<string, unknown> = { name: `${t.plural}/${s}`, singularName: '', namespaced: t.namespaced, kind: k.kind, verbs: subVerbs(s) };
      if (k.group !== t.group || k.version !== t.version) Object.assign(sr, { group: k.group, version: k.version });
      resources.push(sr);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}
