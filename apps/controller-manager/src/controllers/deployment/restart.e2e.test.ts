/** A controller-manager killed mid-rollout and restarted finishes it without duplicate pods. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Deployment, Pod } from '@skiff/api';
import { deploymentsRef } from '../../refs.ts';
import { listPods, markReady, startCluster, until, type Cluster } from '../../testing/e2e.ts';
import { deployment } from '../../testing/objects.ts';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster();
});
afterAll(async () => {
  await c?.close();
});

const readyAll = async () => {
  for (const p of await listPods(c.client, 'app=rs')) if (!p.metadata.deletionTimestamp && !p.status?.conditions?.some((x) => x.type === 'Ready')) await markReady(c.client, p).catch(() => undefined);
};

it('restart mid-rollout: the new manager completes it with exactly replicas pods', async () => {
  const first = await c.manager({ leaderElection: false, controllers: ['replicaset', 'deployment'] });
  const d = deployment('rs', 6, 'img:a', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } } });
  delete d.metadata.uid;
  await c.client.create(deploymentsRef, d);
  await until(async () => {
    await readyAll();
    return (await listPods(c.client, 'app=rs')).filter((p: Pod) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')).length === 6;
  }, 15_000, 'initial');
  await c.client.patch(deploymentsRef, 'rs', 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', image: 'img:b' }] } } } }, { namespace: 'default' });
  await until(async () => (await listPods(c.client, 'app=rs')).some((p) => p.spec?.containers[0]?.image === 'img:b'), 10_000, 'rollout started');
  await first.stop(); // killed mid-rollout: surge pods exist, none ready
  c.managers.splice(c.managers.indexOf(first), 1);
  await c.manager({ leaderElection: false, controllers: ['replicaset', 'deployment'] });
  let maxPods = 0;
  await until(async () => {
    await readyAll();
    const pods = (await listPods(c.client, 'app=rs')).filter((p) => !p.metadata.deletionTimestamp);
    maxPods = Math.max(maxPods, pods.length);
    const dep = await c.client.get<Deployment>(deploymentsRef, 'rs', { namespace: 'default' });
    return pods.length === 6 && pods.every((p) => p.spec?.containers[0]?.image === 'img:b') && dep.status?.updatedReplicas === 6 && dep.status.availableReplicas === 6;
  }, 20_000, 'rollout finished');
  expect(maxPods).toBeLessThanOrEqual(8); // replicas + maxSurge, never duplicates
});
