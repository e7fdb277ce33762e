/**
 * Deployments through the real api-server: a rolling update never drops below
 * replicas − maxUnavailable available pods (pods made Ready as a node agent would, sampled
 * throughout), rollback restores the old template, rollout status fields end up as
 * `kubectl rollout status` wants them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Deployment, Pod, ReplicaSet } from '@skiff/api';
import { deploymentsRef, replicaSetsRef } from '../../refs.ts';
import { listPods, markReady, startCluster, until, type Cluster } from '../../testing/e2e.ts';
import { deployment } from '../../testing/objects.ts';
import { isPodReady } from '../../util/pods.ts';

let c: Cluster;
let stopKubelet: () => Promise<void>;
beforeAll(async () => {
  c = await startCluster();
  await c.manager({ leaderElection: false });
  stopKubelet = fakeKubelet(c);
});
afterAll(async () => {
  await stopKubelet?.();
  await c?.close();
});

/** Marks every new pod Ready shortly after it appears. */
function fakeKubelet(cl: Cluster): () => Promise<void> {
  let on = true;
  const loop = (async () => {
    while (on) {
      const pods = await listPods(cl.client).catch(() => [] as Pod[]);
      await Promise.all(pods.filter((p) => !p.metadata.deletionTimestamp && !p.status?.conditions?.some((x) => x.type === 'Ready')).map((p) => markReady(cl.client, p).catch(() => undefined)));
      await new Promise((r) => setTimeout(r, 30));
    }
  })();
  return async () => {
    on = false;
    await loop;
  };
}

const getD = (name: string) => c.client.get<Deployment>(deploymentsRef, name, { namespace: 'default' });
const rolledOut = async (name: string): Promise<boolean> => {
  const d = await getD(name);
  const s = d.status ?? {};
  const n = d.spec?.replicas ?? 1;
  return (d.metadata.generation ?? 0) <= (s.observedGeneration ?? 0) && (s.updatedReplicas ?? 0) >= n && (s.replicas ?? 0) <= (s.updatedReplicas ?? 0) && (s.availableReplicas ?? 0) >= (s.updatedReplicas ?? 0);
};
const images = (pods: Pod[]) => [...new Set(pods.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec?.containers[0]?.image))];

it('rolls A → B never below replicas − maxUnavailable available, then rollback restores A', async () => {
  const d = deployment('web', 4, 'img:a', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } });
  delete d.metadata.uid;
  await c.client.create(deploymentsRef, d);
  await until(() => rolledOut('web'), 15_000, 'initial rollout');
  expect(images(await listPods(c.client, 'app=web'))).toEqual(['img:a']);

  let minAvailable = Infinity;
  let maxTotal = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const pods = (await listPods(c.client, 'app=web')).filter((p) => !p.metadata.deletionTimestamp);
      minAvailable = Math.min(minAvailable, pods.filter(isPodReady).length);
      maxTotal = Math.max(maxTotal, pods.length);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await c.client.patch(deploymentsRef, 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', image: 'img:b' }] } } } }, { namespace: 'default' });
  await until(async () => (await rolledOut('web')) && images(await listPods(c.client, 'app=web')).join() === 'img:b', 20_000, 'rollout to B');
  sampling = false;
  await sampler;
  expect(minAvailable).toBeGreaterThanOrEqual(3);
  expect(maxTotal).toBeLessThanOrEqual(5);

  const after = await getD('web');
  expect(after.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  expect(after.status?.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  expect(after.status?.conditions?.find((x) => x.type === 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
  const sets = (await c.client.list<ReplicaSet>(replicaSetsRef, { namespace: 'default' })).items.filter((rs) => rs.metadata.name?.startsWith('web-'));
  expect(sets).toHaveLength(2);
  const old = sets.find((rs) => rs.spec?.template?.spec?.containers[0]?.image === 'img:a')!;
  expect(old.spec?.replicas).toBe(0);
  const hash = old.metadata.labels?.['pod-template-hash'];
  expect(old.metadata.name).toBe(`web-${hash}`);
  expect(old.spec?.selector.matchLabels?.['pod-template-hash']).toBe(hash);

  // kubectl rollout undo: the old template, without its hash label, patched back in.
  const template = structuredClone(old.spec!.template!);
  delete template.metadata!.labels!['pod-template-hash'];
  await c.client.patch(deploymentsRef, 'web', 'merge', { spec: { template } }, { namespace: 'default' });
  await until(async () => (await rolledOut('web')) && images(await listPods(c.client, 'app=web')).join() === 'img:a', 20_000, 'rollback to A');
  const back = await getD('web');
  expect(back.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  const reused = await c.client.get<ReplicaSet>(replicaSetsRef, old.metadata.name!, { namespace: 'default' });
  expect(reused.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  expect(reused.spec?.replicas).toBe(4);
});

it('Recreate scales the old ReplicaSet to 0 before the new one starts; rollout restart makes a new ReplicaSet', async () => {
  const d = deployment('rec', 2, 'img:a', { strategy: { type: 'Recreate' } });
  delete d.metadata.uid;
  await c.client.create(deploymentsRef, d);
  await until(() => rolledOut('rec'), 15_000, 'initial');
  await c.client.patch(deploymentsRef, 'rec', 'strategic', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } } } } }, { namespace: 'default' });
  await until(async () => (await rolledOut('rec')) && (await listPods(c.client, 'app=rec')).every((p) => p.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']), 15_000, 'restart');
  const sets = (await c.client.list<ReplicaSet>(replicaSetsRef, { namespace: 'default' })).items.filter((rs) => rs.metadata.name?.startsWith('rec-'));
  expect(sets.map((rs) => rs.spec?.replicas).sort()).toEqual([0, 2]);
});

it('paused deployments do not roll out; resume continues; scaling works while paused', async () => {
  const d = deployment('pz', 2, 'img:a');
  delete d.metadata.uid;
  await c.client.create(deploymentsRef, d);
  await until(() => rolledOut('pz'), 15_000, 'initial');
  await c.client.patch(deploymentsRef, 'pz', 'merge', { spec: { paused: true } }, { namespace: 'default' });
  await until(async () => (await getD('pz')).status?.conditions?.some((x) => x.reason === 'DeploymentPaused') ?? false, 5000, 'paused condition');
  await c.client.patch(deploymentsRef, 'pz', 'strategic', { spec: { replicas: 3, template: { spec: { containers: [{ name: 'c', image: 'img:b' }] } } } }, { namespace: 'default' });
  await until(async () => (await listPods(c.client, 'app=pz')).filter((p) => !p.metadata.deletionTimestamp).length === 3, 10_000, 'scaled while paused');
  expect(images(await listPods(c.client, 'app=pz'))).toEqual(['img:a']);
  await c.client.patch(deploymentsRef, 'pz', 'merge', { spec: { paused: false } }, { namespace: 'default' });
  await until(async () => (await rolledOut('pz')) && images(await listPods(c.client, 'app=pz')).join() === 'img:b', 20_000, 'resumed rollout');
});
