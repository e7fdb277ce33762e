import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject, Pod, PodDisruptionBudget } from '@skiff/api';
import { ApiError, failureStatus } from '@skiff/client';
import { fixture, type Fixture } from '../../testing/fixture.ts';
import { deployment, iso, job, pod, rs, T0 } from '../../testing/objects.ts';
import { DisruptionReconciler } from './reconcile.ts';
import type { BudgetStatus } from './status.ts';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.stop();
  f = undefined;
});

const labels = { app: 'web' };

function pdb(spec: Partial<NonNullable<PodDisruptionBudget['spec']>>, status?: BudgetStatus, generation = 1): PodDisruptionBudget {
  const b: PodDisruptionBudget = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'budget', namespace: 'default', uid: 'uid-budget', generation }, spec: { selector: { matchLabels: labels }, ...spec } };
  if (status) b.status = status;
  return b;
}

const ready = (name: string, owner?: { kind: string; name: string; apiVersion?: string }) => pod(name, { labels, ready: true, nodeName: 'n1', ...(owner ? { owner } : {}) });
const unready = (name: string, owner?: { kind: string; name: string; apiVersion?: string }) => pod(name, { labels, ready: false, nodeName: 'n1', phase: 'Running', ...(owner ? { owner } : {}) });

async function run(objects: Record<string, readonly KubeObject[]>, now = T0): Promise<{ status: BudgetStatus | undefined; requeueAfterMs?: number | undefined }> {
  f = await fixture(objects, { now });
  const res = await f.reconcile(new DisruptionReconciler(f.deps), 'default', 'budget');
  const w = f.client.of('updateStatus', 'poddisruptionbudgets');
  expect(w.length).toBeLessThanOrEqual(1);
  return { status: (w[0]?.body as PodDisruptionBudget | undefined)?.status, requeueAfterMs: res.requeueAfterMs };
}

const counts = (s: BudgetStatus | undefined) => s && [s.expectedPods, s.desiredHealthy, s.currentHealthy, s.disruptionsAllowed];

describe('disruption controller arithmetic: [expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed]', () => {
  const rsOwner = { kind: 'ReplicaSet', name: 'web-abc' };
  const rsOfDeploy = rs('web-abc', 4, labels, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true }] });
  const cases: { name: string; objects: Record<string, readonly KubeObject[]>; want: number[] }[] = [
    { name: 'minAvailable int: expected = matching pods', objects: { poddisruptionbudgets: [pdb({ minAvailable: 2 })], pods: [ready('a'), ready('b'), ready('c')] }, want: [3, 2, 3, 1] },
    { name: 'minAvailable int: unready pods are not healthy', objects: { poddisruptionbudgets: [pdb({ minAvailable: 2 })], pods: [ready('a'), unready('b'), unready('c')] }, want: [3, 2, 1, 0] },
    { name: 'minAvailable int: terminating pods are not healthy but still expected', objects: { poddisruptionbudgets: [pdb({ minAvailable: 1 })], pods: [ready('a'), pod('b', { labels, ready: true, deleting: true })] }, want: [2, 1, 1, 0] },
    { name: 'minAvailable int above the pods: nothing allowed', objects: { poddisruptionbudgets: [pdb({ minAvailable: 5 })], pods: [ready('a'), ready('b')] }, want: [2, 5, 2, 0] },
    { name: 'minAvailable %: scale of the Deployment owning the ReplicaSet, rounded up', objects: { poddisruptionbudgets: [pdb({ minAvailable: '50%' })], pods: [ready('a', rsOwner), ready('b', rsOwner), ready('c', rsOwner), ready('d', rsOwner)], replicasets: [rsOfDeploy], deployments: [deployment('web', 5)] }, want: [5, 3, 4, 1] },
    { name: 'maxUnavailable int: ReplicaSet replicas', objects: { poddisruptionbudgets: [pdb({ maxUnavailable: 1 })], pods: [ready('a', rsOwner), ready('b', rsOwner), ready('c', rsOwner)], replicasets: [rs('web-abc', 3, labels)] }, want: [3, 2, 3, 1] },
    { name: 'maxUnavailable %: rounded up (34% of 3 = 2)', objects: { poddisruptionbudgets: [pdb({ maxUnavailable: '34%' })], pods: [ready('a', rsOwner), ready('b', rsOwner), ready('c', rsOwner)], replicasets: [rs('web-abc', 3, labels)] }, want: [3, 1, 3, 2] },
    { name: 'maxUnavailable %: Job parallelism, one pod unready', objects: { poddisruptionbudgets: [pdb({ maxUnavailable: '10%' })], pods: [ready('a', { kind: 'Job', name: 'batch', apiVersion: 'batch/v1' }), ready('b', { kind: 'Job', name: 'batch', apiVersion: 'batch/v1' }), unready('c', { kind: 'Job', name: 'batch', apiVersion: 'batch/v1' })], jobs: [job('batch', { parallelism: 4 })] }, want: [4, 3, 2, 0] },
    { name: 'maxUnavailable larger than the scale: desiredHealthy floors at 0', objects: { poddisruptionbudgets: [pdb({ maxUnavailable: 9 })], pods: [ready('a', rsOwner)], replicasets: [rs('web-abc', 1, labels)] }, want: [1, 0, 1, 1] },
    { name: 'maxUnavailable: unmanaged pods are left out of the scale', objects: { poddisruptionbudgets: [pdb({ maxUnavailable: 1 })], pods: [ready('a', rsOwner), ready('bare')], replicasets: [rs('web-abc', 1, labels)] }, want: [1, 0, 2, 2] },
    { name: 'no matching pods: expected 0, nothing allowed', objects: { poddisruptionbudgets: [pdb({ minAvailable: 0 })], pods: [pod('other', { labels: { app: 'db' }, ready: true })] }, want: [0, 0, 0, 0] },
    { name: 'an empty selector selects every pod in the namespace', objects: { poddisruptionbudgets: [{ ...pdb({ minAvailable: 1 }), spec: { minAvailable: 1, selector: {} } }], pods: [ready('a'), pod('db', { labels: { app: 'db' }, ready: true })] }, want: [2, 1, 2, 1] },
  ];
  it.each(cases)('$name', async ({ objects, want }) => {
    const { status } = await run(objects);
    expect(counts(status)).toEqual(want);
    expect(status?.observedGeneration).toBe(1);
    const allowed = want[3]! > 0;
    expect(status?.conditions).toEqual([{ type: 'DisruptionAllowed', status: allowed ? 'True' : 'False', reason: allowed ? 'SufficientPods' : 'InsufficientPods', message: '', observedGeneration: 1, lastTransitionTime: iso(T0) }]);
  });
});

describe('disruption controller: disrupted pods, fail-safe and writes', () => {
  it('an evicted pod stays out of currentHealthy until it is being deleted or 2 minutes pass; recheck at expiry', async () => {
    const disruptedPods = { a: iso(T0 - 30_000), b: iso(T0 - 10_000), gone: iso(T0 - 1_000), stale: iso(T0 - 121_000), leaving: iso(T0 - 5_000) };
    const pods = [ready('a'), ready('b'), ready('c'), ready('stale'), pod('leaving', { labels, ready: true, deleting: true })];
    const { status, requeueAfterMs } = await run({ poddisruptionbudgets: [pdb({ minAvailable: 1 }, { disruptedPods, observedGeneration: 1 })], pods });
    expect(status?.disruptedPods).toEqual({ a: iso(T0 - 30_000), b: iso(T0 - 10_000) });
    expect(counts(status)).toEqual([5, 1, 2, 1]); // c and stale; a and b evicted, leaving terminating
    expect(requeueAfterMs).toBe(90_000); // a's entry expires first
  });

  it('writes nothing when the status is already right, and keeps the condition\'s transition time', async () => {
    const condition = { type: 'DisruptionAllowed', status: 'True' as const, reason: 'SufficientPods', message: '', observedGeneration: 1, lastTransitionTime: iso(T0 - 3_600_000) };
    const current: BudgetStatus = { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, conditions: [condition] };
    expect((await run({ poddisruptionbudgets: [pdb({ minAvailable: 1 }, current)], pods: [ready('a'), ready('b')] })).status).toBeUndefined();
    await f!.stop();
    const moved = await run({ poddisruptionbudgets: [pdb({ minAvailable: 1 }, current)], pods: [ready('a'), ready('b'), ready('c')] });
    expect(moved.status?.disruptionsAllowed).toBe(2);
    expect(moved.status?.conditions).toEqual([condition]);
  });

  it('observes a new generation', async () => {
    const { status } = await run({ poddisruptionbudgets: [pdb({ minAvailable: 1 }, { observedGeneration: 1, disruptionsAllowed: 0 }, 3)], pods: [ready('a'), ready('b')] });
    expect(status?.observedGeneration).toBe(3);
    expect(status?.disruptionsAllowed).toBe(1);
  });

  it('fails safe when a pod\'s controller cannot be found: nothing allowed, SyncFailed', async () => {
    const prior: BudgetStatus = { observedGeneration: 1, disruptionsAllowed: 2, currentHealthy: 3, desiredHealthy: 1, expectedPods: 3 };
    const { status } = await run({ poddisruptionbudgets: [pdb({ maxUnavailable: '50%' }, prior)], pods: [ready('a', { kind: 'ReplicaSet', name: 'vanished' })] });
    expect(status).toEqual({ ...prior, disruptionsAllowed: 0, conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'found no controllers for pod "a"', observedGeneration: 1, lastTransitionTime: iso(T0) }] });
  });

  it('sends the cached resourceVersion and requeues on a conflict instead of overwriting an eviction', async () => {
    f = await fixture({ poddisruptionbudgets: [pdb({ minAvailable: 1 })], pods: [ready('a'), ready('b')] }, { now: T0 });
    f.client.failNext = (w) => (w.verb === 'updateStatus' ? new ApiError(failureStatus(409, 'Conflict', 'the object has been modified')) : undefined);
    const res = await f.reconcile(new DisruptionReconciler(f.deps), 'default', 'budget');
    expect(res).toEqual({ requeue: true });
    const body = f.client.of('updateStatus', 'poddisruptionbudgets')[0]!.body as Pod;
    expect(body.metadata.resourceVersion).toBe('10');
  });

  it('a budget that no longer exists is done', async () => {
    expect((await run({ pods: [ready('a')] })).status).toBeUndefined();
  });
});
