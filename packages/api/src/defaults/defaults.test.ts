import { describe, it, expect } from 'vitest';
import { registry } from '../registry.ts';
import type { KubeObject } from '../meta.ts';

/** Runs the server's create-time order: prepareForCreate, then defaults. */
function create(kind: string, group: string, body: Record<string, unknown>, uid = 'uid-1'): KubeObject {
  const t = registry.byKind(group, kind)!;
  const obj = { apiVersion: group ? `${group}/${t.version}` : t.version, kind, metadata: { name: 'x', namespace: t.namespaced ? 'default' : undefined, uid }, ...body } as KubeObject;
  if (!t.namespaced) delete obj.metadata.namespace;
  t.prepareForCreate?.(obj);
  t.defaults(obj);
  return obj;
}

const podSpec = (extra: Record<string, unknown> = {}) => ({ containers: [{ name: 'c', image: 'nginx:1.25', ...extra }] });

describe('pod defaults', () => {
  const pod = create('Pod', '', { spec: podSpec({ ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { port: 80 } } }) });
  const spec = pod.spec as Record<string, any>;
  it.each([
    ['restartPolicy', 'Always'],
    ['dnsPolicy', 'ClusterFirst'],
    ['terminationGracePeriodSeconds', 30],
    ['schedulerName', 'default-scheduler'],
    ['enableServiceLinks', true],
    ['priority', 0],
    ['serviceAccountName', 'default'],
  ])('spec.%s = %s', (field, value) => expect(spec[field]).toEqual(value));
  it('container defaults', () => {
    const c = spec.containers[0];
    expect(c).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    expect(c.ports[0].protocol).toBe('TCP');
    expect(c.livenessProbe).toMatchObject({ timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, httpGet: { path: '/', scheme: 'HTTP' } });
  });
  it('securityContext {}', () => expect(spec.securityContext).toEqual({}));
  it('adds DefaultTolerationSeconds tolerations', () => {
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });
  it('keeps a user toleration for not-ready', () => {
    const p = create('Pod', '', { spec: { ...podSpec(), tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] } });
    const tols = (p.spec as any).tolerations;
    expect(tols).toHaveLength(2);
    expect(tols[0].tolerationSeconds).toBe(10);
  });
  it('status starts Pending', () => expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' }));
  it('defaulting is idempotent', () => {
    const again = structuredClone(pod);
    registry.byKind('', 'Pod')!.defaults(again);
    expect(again).toEqual(pod);
  });
});

describe('imagePullPolicy', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v1', 'IfNotPresent'],
    ['nginx@sha256:abc', 'IfNotPresent'],
  ])('%s → %s', (image, policy) => {
    const p = create('Pod', '', { spec: { containers: [{ name: 'c', image }] } });
    expect((p.spec as any).containers[0].imagePullPolicy).toBe(policy);
  });
});

describe('QoS class', () => {
  it.each([
    [{}, 'BestEffort'],
    [{ limits: { cpu: '1', memory: '1Gi' } }, 'Guaranteed'],
    [{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1Gi' } }, 'Guaranteed'],
    [{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } }, 'Burstable'],
    [{ requests: { cpu: 1 } }, 'Burstable'],
    [{ limits: { 'nvidia.com/gpu': '1' } }, 'BestEffort'],
  ])('%j → %s', (resources, qos) => {
    const p = create('Pod', '', { spec: podSpec({ resources }) });
    expect((p.status as any).qosClass).toBe(qos);
  });
  it('limits default the requests', () => {
    const p = create('Pod', '', { spec: podSpec({ resources: { limits: { cpu: 2 } } }) });
    expect((p.spec as any).containers[0].resources).toEqual({ limits: { cpu: '2' }, requests: { cpu: '2' } });
  });
});

describe('workload defaults', () => {
  const template = { metadata: { labels: { app: 'a' } }, spec: podSpec() };
  it('deployment', () => {
    const d = create('Deployment', 'apps', { spec: { selector: { matchLabels: { app: 'a' } }, template }, status: { replicas: 3 } });
    expect(d.spec).toMatchObject({ replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    expect((d.spec as any).template.spec.restartPolicy).toBe('Always');
    expect((d.spec as any).template.spec.enableServiceLinks).toBeUndefined();
    expect(d.status).toEqual({});
  });
  it('deployment Recreate gets no rollingUpdate', () => {
    const d = create('Deployment', 'apps', { spec: { selector: { matchLabels: { app: 'a' } }, template, strategy: { type: 'Recreate' } } });
    expect((d.spec as any).strategy).toEqual({ type: 'Recreate' });
  });
  it('replicaset', () => {
    const rs = create('ReplicaSet', 'apps', { spec: { selector: { matchLabels: { app: 'a' } }, template } });
    expect((rs.spec as any).replicas).toBe(1);
  });
  it('job', () => {
    const j = create('Job', 'batch', { spec: { template: { metadata: { labels: { app: 'a' } }, spec: { ...podSpec(), restartPolicy: 'Never' } } } }, 'u-9');
    expect(j.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    expect((j.spec as any).selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-9' } });
    expect((j.spec as any).template.metadata.labels).toEqual({ app: 'a', 'batch.kubernetes.io/controller-uid': 'u-9', 'controller-uid': 'u-9', 'batch.kubernetes.io/job-name': 'x', 'job-name': 'x' });
    expect(j.metadata.labels).toEqual({ app: 'a' });
  });
  it('job: parallelism only is a work queue; backoffLimitPerIndex → MaxInt32; podFailurePolicy → Failed', () => {
    const j = create('Job', 'batch', { spec: { parallelism: 3, backoffLimitPerIndex: 1, completionMode: 'Indexed', podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, template: { spec: podSpec() } } });
    expect(j.spec).toMatchObject({ parallelism: 3, backoffLimit: 2147483647, podReplacementPolicy: 'Failed' });
    expect((j.spec as any).completions).toBeUndefined();
    expect((j.spec as any).podFailurePolicy.rules[0].onPodConditions[0].status).toBe('True');
    expect((j.spec as any).template.spec.restartPolicy).toBeUndefined();
  });
  it('job with manualSelector keeps its own selector', () => {
    const j = create('Job', 'batch', { spec: { manualSelector: true, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: podSpec() } } });
    expect((j.spec as any).selector).toEqual({ matchLabels: { a: 'b' } });
    expect((j.spec as any).template.metadata.labels).toEqual({ a: 'b' });
  });
});

describe('other kinds', () => {
  it('service', () => {
    const s = create('Service', '', { spec: { ports: [{ port: 80 }, { port: 81, targetPort: 'http' }] } });
    expect(s.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    expect((s.spec as any).ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }, { port: 81, protocol: 'TCP', targetPort: 'http' }]);
  });
  it('NodePort service gets externalTrafficPolicy', () => {
    const s = create('Service', '', { spec: { type: 'NodePort', ports: [{ port: 80 }] } });
    expect((s.spec as any).externalTrafficPolicy).toBe('Cluster');
  });
  it('secret type Opaque and stringData merged into data', () => {
    const s = create('Secret', '', { stringData: { a: 'hi' } });
    expect(s).toMatchObject({ type: 'Opaque', data: { a: 'aGk=' } });
    expect(s['stringData']).toBeUndefined();
  });
  it('namespace', () => {
    const ns = create('Namespace', '', {});
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
  });
  it('node allocatable defaults to capacity', () => {
    const n = create('Node', '', { status: { capacity: { cpu: '4' } } });
    expect((n.status as any).allocatable).toEqual({ cpu: '4' });
  });
  it('resource claim requests', () => {
    const c = create('ResourceClaim', 'resource.k8s.io', { spec: { devices: { requests: [{ name: 'g', exactly: { deviceClassName: 'gpu' } }, { name: 'n', firstAvailable: [{ name: 'a', deviceClassName: 'nic', allocationMode: 'All' }] }] } } });
    const reqs = (c.spec as any).devices.requests;
    expect(reqs[0].exactly).toEqual({ deviceClassName: 'gpu', allocationMode: 'ExactCount', count: 1 });
    expect(reqs[1].firstAvailable[0]).toEqual({ name: 'a', deviceClassName: 'nic', allocationMode: 'All' });
    expect(c.status).toEqual({});
  });
  it('resource claim template', () => {
    const t = create('ResourceClaimTemplate', 'resource.k8s.io', { spec: { spec: { devices: { requests: [{ name: 'g', exactly: { deviceClassName: 'gpu' } }] } } } });
    expect((t.spec as any).spec.devices.requests[0].exactly.count).toBe(1);
  });
  it('device class and lease are left alone', () => {
    expect(create('DeviceClass', 'resource.k8s.io', { spec: {} }).spec).toEqual({});
    expect(create('Lease', 'coordination.k8s.io', { spec: { holderIdentity: 'n' } }).spec).toEqual({ holderIdentity: 'n' });
  });
  it('priority class preemptionPolicy', () => {
    expect(create('PriorityClass', 'scheduling.k8s.io', { value: 5 })['preemptionPolicy']).toBe('PreemptLowerPriority');
  });
  it('nulls from kubectl are dropped, nullable fields kept', () => {
    const p = create('Pod', '', { spec: { containers: [{ name: 'c', image: 'i', ports: null, resources: {} }] } });
    expect('ports' in (p.spec as any).containers[0]).toBe(false);
    const t = registry.byKind('', 'Pod')!;
    const o = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', creationTimestamp: null }, spec: podSpec() } as unknown as KubeObject;
    t.defaults(o);
    expect(o.metadata.creationTimestamp).toBeNull();
  });
});
