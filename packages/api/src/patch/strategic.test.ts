import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { StatusError } from '../status.ts';
import { applyStrategicMergePatch } from './strategic.ts';

// A hand-written slice of the Deployment/Pod schema carrying upstream's patch metadata.
const merge = (item: ReturnType<typeof Type.Object>, key: string) =>
  Type.Array(item, { 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-patch-strategy': 'merge' });
const EnvVar = Type.Object({ name: Type.String(), value: Type.Optional(Type.String()) });
const Port = Type.Object({ containerPort: Type.Integer(), protocol: Type.Optional(Type.String()) });
const Container = Type.Object({
  name: Type.String(),
  image: Type.Optional(Type.String()),
  args: Type.Optional(Type.Array(Type.String())),
  env: Type.Optional(merge(EnvVar, 'name')),
  ports: Type.Optional(merge(Port, 'containerPort')),
});
const Volume = Type.Object(
  { name: Type.String(), emptyDir: Type.Optional(Type.Object({})), hostPath: Type.Optional(Type.Object({ path: Type.String() })) },
  { 'x-kubernetes-patch-strategy': 'retainKeys' },
);
const PodSpec = Type.Object({
  containers: merge(Container, 'name'),
  initContainers: Type.Optional(merge(Container, 'name')),
  volumes: Type.Optional(Type.Array(Volume, { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge,retainKeys' })),
  nodeSelector: Type.Optional(Type.Record(Type.String(), Type.String())),
  tolerations: Type.Optional(Type.Array(Type.Object({ key: Type.String() }))),
});
const Deployment = Type.Object({
  metadata: Type.Object({
    labels: Type.Optional(Type.Record(Type.String(), Type.String())),
    annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
    finalizers: Type.Optional(Type.Array(Type.String(), { 'x-kubernetes-patch-strategy': 'merge' })),
  }),
  spec: Type.Object({
    replicas: Type.Optional(Type.Integer()),
    strategy: Type.Optional(
      Type.Object(
        { type: Type.Optional(Type.String()), rollingUpdate: Type.Optional(Type.Object({ maxSurge: Type.Optional(Type.Integer()) })) },
        { 'x-kubernetes-patch-strategy': 'retainKeys' },
      ),
    ),
    template: Type.Object({ spec: PodSpec }),
  }),
});

function deploy(spec: Record<string, unknown>, meta: Record<string, unknown> = {}) {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'demo', ...meta }, spec: { replicas: 1, template: { spec } } };
}
const containers = (d: any) => d.spec.template.spec.containers; // eslint-disable-line @typescript-eslint/no-explicit-any
const smp = (target: unknown, patch: unknown) => applyStrategicMergePatch<any>(target, patch, Deployment); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('strategic merge patch: kubectl apply bodies (k8s-api.md 1.3)', () => {
  it('$setElementOrder + env merge + ports:null', () => {
    const live = deploy({ containers: [{ name: 'main', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }] });
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{…}\n' } },
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'main' }], containers: [{ env: [{ name: 'A', value: '1' }], name: 'main', ports: null }] } } },
    };
    const out = smp(live, patch);
    expect(containers(out)).toEqual([{ name: 'main', image: 'nginx', env: [{ name: 'A', value: '1' }] }]);
    expect(out.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/last-applied-configuration': '{…}\n' });
    expect(out.spec.replicas).toBe(1);
    expect(JSON.stringify(out)).not.toContain('$setElementOrder');
    // inputs untouched
    expect(containers(live)[0].ports).toHaveLength(1);
    expect(patch.spec.template.spec['$setElementOrder/containers']).toBeDefined();
  });

  it('added container placed per $setElementOrder, server-only items keep their place', () => {
    const live = deploy({ containers: [{ name: 'main', image: 'a' }, { name: 'injected', image: 'x' }] });
    const patch = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'main' }], containers: [{ name: 'sidecar', image: 's' }] } } } };
    expect(containers(smp(live, patch)).map((c: { name: string }) => c.name)).toEqual(['sidecar', 'main', 'injected']);
  });

  it('$setElementOrder alone reorders', () => {
    const live = deploy({ containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    const patch = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }, { name: 'b' }] } } } };
    expect(containers(smp(live, patch)).map((c: { name: string }) => c.name)).toEqual(['c', 'a', 'b']);
  });

  it('removing a container: $patch delete item', () => {
    const live = deploy({ containers: [{ name: 'main' }, { name: 'old' }] });
    const patch = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'main' }], containers: [{ $patch: 'delete', name: 'old' }] } } } };
    expect(containers(smp(live, patch))).toEqual([{ name: 'main' }]);
  });
});

describe('strategic merge patch: lists', () => {
  it.each<[string, unknown, unknown, unknown]>([
    ['merge by key updates and appends', [{ name: 'a', image: '1' }], [{ name: 'a', image: '2' }, { name: 'b' }], [{ name: 'a', image: '2' }, { name: 'b' }]],
    ['$patch: replace replaces the whole list', [{ name: 'a' }, { name: 'b' }], [{ name: 'c' }, { $patch: 'replace' }], [{ name: 'c' }]],
    ['empty patch list is a no-op on merge lists', [{ name: 'a' }], [], [{ name: 'a' }]],
    ['nested merge list by numeric key', [{ name: 'a', ports: [{ containerPort: 80 }, { containerPort: 443 }] }], [{ name: 'a', ports: [{ containerPort: 443, protocol: 'TCP' }] }],
      [{ name: 'a', ports: [{ containerPort: 80 }, { containerPort: 443, protocol: 'TCP' }] }]],
    ['list without strategy replaces', [{ name: 'a', args: ['x', 'y'] }], [{ name: 'a', args: ['z'] }], [{ name: 'a', args: ['z'] }]],
    ['null inside an item deletes the field', [{ name: 'a', image: 'i', args: ['x'] }], [{ name: 'a', args: null }], [{ name: 'a', image: 'i' }]],
  ])('%s', (_n, live, patchList, want) => {
    const out = smp(deploy({ containers: live }), { spec: { template: { spec: { containers: patchList } } } });
    expect(containers(out)).toEqual(want);
  });

  it('primitive merge list: union, then $deleteFromPrimitiveList', () => {
    const live = deploy({ containers: [] }, { finalizers: ['a', 'b'] });
    // upstream interleaves patch items ahead of server-only ones unless live order says otherwise
    expect(smp(live, { metadata: { finalizers: ['c', 'a'] } }).metadata.finalizers).toEqual(['c', 'a', 'b']);
    expect(smp(live, { metadata: { finalizers: ['b', 'c'] } }).metadata.finalizers).toEqual(['a', 'b', 'c']);
    expect(smp(live, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }).metadata.finalizers).toEqual(['b']);
    expect(smp(live, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], '$setElementOrder/finalizers': ['b', 'z'], finalizers: ['z'] } }).metadata.finalizers).toEqual(['b', 'z']);
  });

  it('atomic list (tolerations) replaced', () => {
    const live = deploy({ containers: [], tolerations: [{ key: 'a' }, { key: 'b' }] });
    expect(smp(live, { spec: { template: { spec: { tolerations: [{ key: 'c' }] } } } }).spec.template.spec.tolerations).toEqual([{ key: 'c' }]);
  });

  it('new list value drops directive items and nulls', () => {
    const live = deploy({ containers: [{ name: 'main' }] });
    const out = smp(live, { spec: { template: { spec: { initContainers: [{ name: 'i', image: null }, { name: 'gone', $patch: 'delete' }] } } } });
    expect(out.spec.template.spec.initContainers).toEqual([{ name: 'i' }]);
  });

  it('retainKeys on list items (volumes: merge,retainKeys)', () => {
    const live = deploy({ containers: [], volumes: [{ name: 'v', emptyDir: {} }] });
    const out = smp(live, { spec: { template: { spec: { volumes: [{ name: 'v', hostPath: { path: '/x' }, $retainKeys: ['hostPath', 'name'] }] } } } });
    expect(out.spec.template.spec.volumes).toEqual([{ name: 'v', hostPath: { path: '/x' } }]);
  });
});

describe('strategic merge patch: maps and directives', () => {
  const live = deploy({ containers: [{ name: 'main' }], nodeSelector: { a: '1', b: '2' } }, { labels: { app: 'demo', tier: 'web' } });

  it('maps merge, null deletes keys', () => {
    const out = smp(live, { metadata: { labels: { tier: null, new: 'x' } }, spec: { template: { spec: { nodeSelector: { b: '3' } } } } });
    expect(out.metadata.labels).toEqual({ app: 'demo', new: 'x' });
    expect(out.spec.template.spec.nodeSelector).toEqual({ a: '1', b: '3' });
  });

  it('$patch: replace and delete on maps', () => {
    expect(smp(live, { spec: { template: { spec: { nodeSelector: { c: '9', $patch: 'replace' } } } } }).spec.template.spec.nodeSelector).toEqual({ c: '9' });
    expect(smp(live, { metadata: { labels: { $patch: 'delete' } } }).metadata.labels).toEqual({});
    expect(smp(live, { metadata: { labels: { $patch: 'merge', z: '1' } } }).metadata.labels).toEqual({ app: 'demo', tier: 'web', z: '1' });
  });

  it('$retainKeys clears fields not listed (Deployment strategy Recreate)', () => {
    const d = deploy({ containers: [] });
    (d.spec as Record<string, unknown>).strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } };
    const out = smp(d, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } });
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('unknown schema falls back to JSON merge semantics', () => {
    const out = applyStrategicMergePatch({ a: { b: 1, l: [1, 2] }, c: 1 }, { a: { l: [3], n: null, d: 2 }, c: null });
    expect(out).toEqual({ a: { b: 1, l: [3], d: 2 } });
  });

  it('type change replaces', () => {
    expect(smp(live, { spec: { replicas: '2' } }).spec.replicas).toBe('2');
  });
});

describe('strategic merge patch: errors', () => {
  function fail(target: unknown, patch: unknown): StatusError {
    try {
      smp(target, patch);
    } catch (e) {
      expect(e).toBeInstanceOf(StatusError);
      return e as StatusError;
    }
    throw new Error('expected failure');
  }
  const live = deploy({ containers: [{ name: 'main' }] }, { labels: { a: 'b' } });
  (live.spec as Record<string, unknown>).strategy = { type: 'RollingUpdate' };
  it.each<[string, unknown, number, string]>([
    ['not an object', [1], 400, 'invalid JSON document'],
    ['bad retainKeys', { spec: { strategy: { $retainKeys: 'type' } } }, 400, 'invalid patch format of retainKeys'],
    ['key outside retainKeys', { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }, 400, 'invalid patch format of retainKeys'],
    ['missing merge key', { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, 500, 'map: map[image:x] does not contain declared merge key: name'],
    ['$patch merge in list', { spec: { template: { spec: { containers: [{ name: 'main', $patch: 'merge' }] } } } }, 500, 'merging lists cannot yet be specified in the patch'],
    ['bad map directive', { metadata: { labels: { $patch: 'bogus' } } }, 500, 'unknown patch type: bogus in map: map[$patch:bogus]'],
  ])('%s', (_n, patch, code, msg) => {
    const e = fail(live, patch);
    expect(e.code).toBe(code);
    expect(e.message).toBe(msg);
  });

  it('lists of lists are 422', () => {
    const e = fail(deploy({ containers: [] }, { finalizers: [] }), { metadata: { finalizers: [['x']] } });
    expect(e.code).toBe(422);
    expect(e.details?.causes?.[0]?.message).toBe('lists of lists are not supported');
  });
});
