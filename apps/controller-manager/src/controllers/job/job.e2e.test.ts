/**
 * Jobs through the real api-server with an injected clock: an Indexed Job whose index 1
 * fails is retried after 10 s, then 20 s, and completes once the failure stops; status,
 * conditions and the tracking finalizer end as upstream's.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Job, Pod } from '@skiff/api';
import { jobsRef } from '../../refs.ts';
import { listPods, markFinished, startCluster, until, type Cluster } from '../../testing/e2e.ts';
import { job } from '../../testing/objects.ts';

let c: Cluster;
const clock = { now: Date.parse('2026-03-01T00:00:00Z') };
beforeAll(async () => {
  c = await startCluster();
  await c.manager({ leaderElection: false, controllers: ['job'], now: () => clock.now });
});
afterAll(async () => {
  await c?.close();
});

const ns = { namespace: 'default' };
const getJob = (name: string) => c.client.get<Job>(jobsRef, name, ns);
let pokes = 0;
const poke = (name: string) => c.client.patch(jobsRef, name, 'merge', { metadata: { annotations: { poke: String(++pokes) } } }, ns);
const idx = (p: Pod) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index'];
const running = async (name: string, i: string) => (await listPods(c.client, `batch.kubernetes.io/job-name=${name}`)).filter((p) => idx(p) === i && !p.status?.phase?.match(/Succeeded|Failed/));

function indexedJob(name: string): Job {
  const j = job(name, { completionMode: 'Indexed', completions: 3, parallelism: 3 });
  delete j.metadata.uid;
  delete j.spec!.selector;
  j.spec!.template.metadata = {};
  return j;
}

it('Indexed: a failing index is retried after 10 s, then 20 s, and the job completes when it stops failing', async () => {
  await c.client.create(jobsRef, indexedJob('ix'));
  await until(async () => (await listPods(c.client, 'batch.kubernetes.io/job-name=ix')).length === 3, 10_000, '3 pods');
  const pods = await listPods(c.client, 'batch.kubernetes.io/job-name=ix');
  const p1 = pods.find((p) => idx(p) === '1')!;
  expect(p1.metadata.name).toMatch(/^ix-1-[a-z0-9]{5}$/);
  expect(p1.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).toBe('1');
  expect(p1.metadata.finalizers).toContain('batch.kubernetes.io/job-tracking');
  expect(p1.spec?.hostname).toBe('ix-1');
  expect(p1.spec?.containers[0]?.env).toContainEqual({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } });

  for (const p of pods) await markFinished(c.client, p, idx(p) === '1' ? 1 : 0, clock.now);
  await until(async () => (await getJob('ix')).status?.failed === 1 && (await getJob('ix')).status?.completedIndexes === '0,2', 10_000, 'first failure counted');
  expect((await listPods(c.client, 'batch.kubernetes.io/job-name=ix')).every((p) => !p.metadata.finalizers?.length)).toBe(true);

  // 9 s later: still backing off.
  clock.now += 9_000;
  await poke('ix');
  await new Promise((r) => setTimeout(r, 300));
  expect(await running('ix', '1')).toHaveLength(0);
  clock.now += 1_500;
  await poke('ix');
  await until(async () => (await running('ix', '1')).length === 1, 10_000, 'retry after 10 s');
  const retry = (await running('ix', '1'))[0]!;
  expect(retry.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count']).toBe('1');

  await markFinished(c.client, retry, 1, clock.now);
  await until(async () => (await getJob('ix')).status?.failed === 2, 10_000, 'second failure');
  clock.now += 11_000; // 10 s is no longer enough
  await poke('ix');
  await new Promise((r) => setTimeout(r, 300));
  expect(await running('ix', '1')).toHaveLength(0);
  clock.now += 10_000;
  await poke('ix');
  await until(async () => (await running('ix', '1')).length === 1, 10_000, 'retry after 20 s');

  await markFinished(c.client, (await running('ix', '1'))[0]!, 0, clock.now);
  await until(async () => (await getJob('ix')).status?.conditions?.some((x) => x.type === 'Complete' && x.status === 'True') ?? false, 10_000, 'complete');
  const done = await getJob('ix');
  expect(done.status).toMatchObject({ succeeded: 3, failed: 2, active: 0, completedIndexes: '0-2' });
  expect(done.status?.completionTime).toBeDefined();
  expect(done.status?.conditions?.map((x) => x.type).sort()).toEqual(['Complete', 'SuccessCriteriaMet']);
});

it('backoffLimit exceeded → FailureTarget then Failed, remaining pods deleted', async () => {
  const j = job('bl', { backoffLimit: 0, parallelism: 2, completions: 4 });
  delete j.metadata.uid;
  delete j.spec!.selector;
  j.spec!.template.metadata = {};
  await c.client.create(jobsRef, j);
  await until(async () => (await listPods(c.client, 'batch.kubernetes.io/job-name=bl')).length === 2, 10_000, '2 pods');
  const [first] = await listPods(c.client, 'batch.kubernetes.io/job-name=bl');
  await markFinished(c.client, first!, 3, clock.now);
  await until(async () => (await getJob('bl')).status?.conditions?.some((x) => x.type === 'Failed' && x.status === 'True') ?? false, 10_000, 'failed');
  const failed = await getJob('bl');
  expect(failed.status?.conditions?.find((x) => x.type === 'Failed')).toMatchObject({ reason: 'BackoffLimitExceeded' });
  expect(failed.status?.conditions?.find((x) => x.type === 'FailureTarget')).toMatchObject({ reason: 'BackoffLimitExceeded' });
  expect(failed.status?.completionTime).toBeUndefined();
});
