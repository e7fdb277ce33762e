import { afterEach, expect, it } from 'vitest';
import type { Job, Pod } from '@skiff/api';
import { fixture, type Fixture } from '../../testing/fixture.ts';
import { iso, job, pod, T0 } from '../../testing/objects.ts';
import { JobReconciler } from './reconcile.ts';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.stop();
  f = undefined;
});

const labels = { 'batch.kubernetes.io/controller-uid': 'uid-j', 'batch.kubernetes.io/job-name': 'j' };
const own = { kind: 'Job', name: 'j', apiVersion: 'batch/v1' };
const statusWrites = (f: Fixture) => f.client.of('patch', 'jobs').map((w) => (w.body as { status: NonNullable<Job['status']> }).status);

it('creates min(parallelism, completions) pods with the tracking finalizer and sets startTime', async () => {
  f = await fixture({ jobs: [job('j', { parallelism: 2, completions: 5 })] }, { now: T0 });
  await f.reconcile(new JobReconciler(f.deps), 'default', 'j');
  const creates = f.client.of('create', 'pods').map((w) => w.body as Pod);
  expect(creates).toHaveLength(2);
  expect(creates[0]!.metadata).toMatchObject({ generateName: 'j-', finalizers: ['batch.kubernetes.io/job-tracking'], labels });
  expect(statusWrites(f).at(-1)).toMatchObject({ startTime: iso(T0), active: 0, succeeded: 0, failed: 0 });
  const names = f.client.of('create', 'pods').map((w) => w.name);
  expect((await f.events()).map((e) => [e.type, e.reason, e.message, e.source?.component, e.involvedObject.kind])).toEqual(names.map((n) => ['Normal', 'SuccessfulCreate', `Created pod: ${n}`, 'job-controller', 'Job']));
});

const finishedPod = (name: string, phase: 'Succeeded' | 'Failed') => {
  const p = pod(name, { labels, owner: own, phase });
  p.metadata.finalizers = ['batch.kubernetes.io/job-tracking'];
  return p;
};

it.each([
  { name: 'Completed', j: job('j', { completions: 1 }), pods: [finishedPod('p1', 'Succeeded')], event: ['Normal', 'Completed', 'Job completed'] },
  { name: 'BackoffLimitExceeded', j: job('j', { backoffLimit: 0 }), pods: [finishedPod('p1', 'Failed')], event: ['Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'] },
  {
    name: 'DeadlineExceeded',
    j: Object.assign(job('j', { activeDeadlineSeconds: 10 }), { status: { startTime: iso(T0 - 20_000) } }),
    pods: [],
    event: ['Warning', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
  },
])('a finished Job records its terminal event: $name', async ({ j, pods, event }) => {
  f = await fixture({ jobs: [j], pods }, { now: T0 });
  await f.reconcile(new JobReconciler(f.deps), 'default', 'j');
  expect(statusWrites(f).at(-1)!.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')).toBe(true);
  expect((await f.events()).map((e) => [e.type, e.reason, e.message])).toEqual([event]);
});

it('a gang Job creates all its workers in one batch', async () => {
  const j = job('j', { parallelism: 4, completions: 4 });
  j.spec!.template.metadata!.labels = { ...j.spec!.template.metadata!.labels, 'scheduling.x-k8s.io/pod-group': 'g' };
  f = await fixture({ jobs: [j] });
  let inFlight = 0;
  let maxInFlight = 0;
  const create = f.client.create.bind(f.client);
  f.client.create = (async (...args: Parameters<typeof create>) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    return create(...args);
  }) as typeof f.client.create;
  await f.reconcile(new JobReconciler(f.deps), 'default', 'j');
  expect(maxInFlight).toBe(4);
});

it('podFailurePolicy FailJob on an exit code: counts the pod, removes its finalizer, fails the job', async () => {
  const j = job('j', { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] }, podReplacementPolicy: 'Failed' });
  const p = pod('p1', { labels, owner: own, phase: 'Failed' });
  p.metadata.finalizers = ['batch.kubernetes.io/job-tracking'];
  p.status!.containerStatuses = [{ name: 'c', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 42 } } }];
  f = await fixture({ jobs: [j], pods: [p] }, { now: T0 });
  await f.reconcile(new JobReconciler(f.deps), 'default', 'j');
  const writes = statusWrites(f);
  expect(writes[0]!.uncountedTerminatedPods).toEqual({ failed: ['uid-p1'], succeeded: [] });
  expect(f.client.of('patch', 'pods')[0]!.body).toMatchObject({ metadata: { finalizers: null } });
  const last = writes.at(-1)!;
  expect(last).toMatchObject({ failed: 1, uncountedTerminatedPods: { failed: null } });
  expect(last.conditions?.map((c) => [c.type, c.reason])).toEqual([['FailureTarget', 'PodFailurePolicy'], ['Failed', 'PodFailurePolicy']]);
  expect(f.client.of('create', 'pods')).toHaveLength(0);
});
