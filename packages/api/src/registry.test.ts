import { describe, it, expect } from 'vitest';
import { registry } from './registry.ts';
import type { KubeObject } from './meta.ts';

describe('registry lookups', () => {
  it.each<[string, string, string]>([
    ['po', '', 'Pod'],
    ['pods', '', 'Pod'],
    ['pod', '', 'Pod'],
    ['Pod', '', 'Pod'],
    ['deploy', 'apps', 'Deployment'],
    ['deployments.apps', 'apps', 'Deployment'],
    ['deployments.v1.apps', 'apps', 'Deployment'],
    ['rs', 'apps', 'ReplicaSet'],
    ['svc', '', 'Service'],
    ['ns', '', 'Namespace'],
    ['no', '', 'Node'],
    ['cm', '', 'ConfigMap'],
    ['ev', '', 'Event'],
    ['jobs', 'batch', 'Job'],
    ['pc', 'scheduling.k8s.io', 'PriorityClass'],
    ['pdb', 'policy', 'PodDisruptionBudget'],
    ['resourceclaims', 'resource.k8s.io', 'ResourceClaim'],
    ['deviceclass', 'resource.k8s.io', 'DeviceClass'],
    ['pg', 'scheduling.x-k8s.io', 'PodGroup'],
    ['podgroups.scheduling.x-k8s.io', 'scheduling.x-k8s.io', 'PodGroup'],
    ['podgroups.scheduling.k8s.io', 'scheduling.k8s.io', 'PodGroup'],
    ['leases.coordination.k8s.io', 'coordination.k8s.io', 'Lease'],
  ])('resolve(%s) → %s %s', (name, group, kind) => {
    const t = registry.resolve(name);
    expect(t?.group).toBe(group);
    expect(t?.kind).toBe(kind);
  });
  it('unknown names resolve to nothing', () => {
    expect(registry.resolve('foos')).toBeUndefined();
    expect(registry.resolve('pods.apps')).toBeUndefined();
  });
  it('byPlural / byKind / byShortName / byApiVersionKind', () => {
    expect(registry.byPlural('apps', 'v1', 'deployments')?.kind).toBe('Deployment');
    expect(registry.byPlural('', 'v1', 'deployments')).toBeUndefined();
    expect(registry.byKind('batch', 'Job')?.plural).toBe('jobs');
    expect(registry.byShortName('deploy')?.plural).toBe('deployments');
    expect(registry.byApiVersionKind('resource.k8s.io/v1', 'ResourceSlice')?.plural).toBe('resourceslices');
    expect(registry.byApiVersionKind('v1', 'Pod')?.plural).toBe('pods');
  });
  it('the all category', () => {
    expect(registry.byCategory('all').map((t) => t.plural).sort()).toEqual(['deployments', 'jobs', 'pods', 'replicasets', 'services']);
  });
  it('group versions, core first', () => {
    const gvs = registry.groupVersions().map((g) => `${g.group}/${g.version}`);
    expect(gvs[0]).toBe('/v1');
    expect(gvs).toEqual(expect.arrayContaining(['apps/v1', 'batch/v1', 'resource.k8s.io/v1', 'scheduling.k8s.io/v1', 'scheduling.k8s.io/v1alpha2', 'scheduling.x-k8s.io/v1alpha1', 'policy/v1', 'discovery.k8s.io/v1', 'coordination.k8s.io/v1']));
    expect(new Set(gvs).size).toBe(gvs.length);
  });
});

describe('registry entries', () => {
  it('plural/kind pairs are unique per group-version', () => {
    const keys = registry.all().map((t) => `${t.group}/${t.version}/${t.plural}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
  it.each<[string, string, string[]]>([
    ['', 'pods', ['status', 'binding', 'log', 'exec', 'attach', 'portforward', 'eviction']],
    ['apps', 'deployments', ['status', 'scale']],
    ['apps', 'replicasets', ['status', 'scale']],
    ['batch', 'jobs', ['status']],
    ['', 'nodes', ['status']],
    ['', 'services', ['status']],
    ['resource.k8s.io', 'resourceclaims', ['status']],
    ['scheduling.x-k8s.io', 'podgroups', ['status']],
    ['scheduling.k8s.io', 'workloads', ['status']],
    ['', 'configmaps', []],
  ])('%s %s subresources', (group, plural, subs) => {
    const t = registry.all().find((x) => x.group === group && x.plural === plural)!;
    expect(t.subresources).toEqual(subs);
    expect(t.hasStatusSubresource).toBe(subs.includes('status'));
  });
  it('scope', () => {
    const cluster = registry.all().filter((t) => !t.namespaced).map((t) => t.plural).sort();
    expect(cluster).toEqual(['deviceclasses', 'namespaces', 'nodes', 'nodes', 'priorityclasses', 'resourceslices', 'selfsubjectaccessreviews', 'selfsubjectreviews']);
  });
  it('metrics.k8s.io is read-only, and pods/nodes still resolve to core/v1 first', () => {
    expect(registry.byPlural('metrics.k8s.io', 'v1beta1', 'nodes')).toMatchObject({ kind: 'NodeMetrics', namespaced: false, verbs: ['get', 'list'] });
    expect(registry.byPlural('metrics.k8s.io', 'v1beta1', 'pods')).toMatchObject({ kind: 'PodMetrics', namespaced: true, verbs: ['get', 'list'] });
    expect(registry.resolve('pods')?.group).toBe('');
    expect(registry.resolve('nodes')?.group).toBe('');
    expect(registry.resolve('pods.metrics.k8s.io')?.kind).toBe('PodMetrics');
  });
  it('bindings and reviews are create-only', () => {
    expect(registry.byPlural('', 'v1', 'bindings')?.verbs).toEqual(['create']);
    expect(registry.byPlural('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews')?.verbs).toEqual(['create']);
  });
  it('every entry has columns and a row function', () => {
    for (const t of registry.all()) {
      const obj = { apiVersion: 'v1', kind: t.kind, metadata: { name: 'n', creationTimestamp: '2026-01-01T00:00:00Z' } } as KubeObject;
      expect(t.row(obj, Date.parse('2026-01-01T00:01:00Z')).length, t.kind).toBe(t.columns.length);
    }
  });
  it('pod columns come from the pod printer', () => expect(registry.byKind('', 'Pod')!.columns.map((c) => c.name)).toContain('Restarts'));
});

describe('field selectors', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'n1', hostNetwork: true, restartPolicy: 'Always', schedulerName: 's', serviceAccountName: 'sa' }, status: { phase: 'Running', podIP: '10.0.0.1' } } as KubeObject;
  it.each<[string, string]>([
    ['spec.nodeName', 'n1'],
    ['status.phase', 'Running'],
    ['spec.restartPolicy', 'Always'],
    ['spec.schedulerName', 's'],
    ['spec.serviceAccountName', 'sa'],
    ['status.podIP', '10.0.0.1'],
    ['status.nominatedNodeName', ''],
    ['spec.hostNetwork', 'true'],
  ])('pods %s = %s', (field, value) => expect(registry.byKind('', 'Pod')!.fields[field]!(pod)).toBe(value));
  it('unscheduled pods have an empty nodeName', () => {
    expect(registry.byKind('', 'Pod')!.fields['spec.nodeName']!({ ...pod, spec: {} })).toBe('');
  });
  it('events', () => {
    const ev = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'd', uid: 'u' }, reason: 'Started', type: 'Normal', source: { component: 'kubelet' }, reportingComponent: 'kubelet' } as KubeObject;
    const f = registry.byKind('', 'Event')!.fields;
    expect(['involvedObject.kind', 'involvedObject.name', 'involvedObject.namespace', 'involvedObject.uid', 'reason', 'type', 'source', 'reportingComponent'].map((k) => f[k]!(ev))).toEqual(['Pod', 'p', 'd', 'u', 'Started', 'Normal', 'kubelet', 'kubelet']);
  });
  it.each<[string, string, string, Record<string, unknown>, string]>([
    ['', 'Node', 'spec.unschedulable', { spec: {} }, 'false'],
    ['', 'Secret', 'type', { type: 'Opaque' }, 'Opaque'],
    ['', 'Namespace', 'status.phase', { status: { phase: 'Active' } }, 'Active'],
    ['batch', 'Job', 'status.successful', { status: { succeeded: 2 } }, '2'],
    ['resource.k8s.io', 'ResourceSlice', 'spec.driver', { spec: { driver: 'gpu.nvidia.com' } }, 'gpu.nvidia.com'],
    ['resource.k8s.io', 'ResourceSlice', 'spec.nodeName', { spec: { nodeName: 'n' } }, 'n'],
  ])('%s %s %s', (group, kind, field, body, value) => {
    expect(registry.byKind(group, kind)!.fields[field]!({ apiVersion: 'v', kind, metadata: {}, ...body } as KubeObject)).toBe(value);
  });
});

describe('scale', () => {
  const t = registry.byKind('apps', 'Deployment')!;
  const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 3, selector: { matchLabels: { app: 'demo' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] } }, status: { replicas: 2 } } as KubeObject;
  it('reads and writes replicas', () => {
    expect(t.scale!.specReplicas(d)).toBe(3);
    expect(t.scale!.statusReplicas(d)).toBe(2);
    const copy = structuredClone(d);
    t.scale!.setSpecReplicas(copy, 5);
    expect((copy.spec as any).replicas).toBe(5);
  });
  it('formats the selector as kubectl prints it', () => expect(t.scale!.selector(d)).toBe('app=demo,tier in (web)'));
  it('only apps workloads scale', () => expect(registry.all().filter((x) => x.scale).map((x) => x.plural)).toEqual(['deployments', 'replicasets']));
});
