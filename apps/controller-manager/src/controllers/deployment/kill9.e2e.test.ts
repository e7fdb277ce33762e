/**
 * Issue 5: a controller-manager killed with -9 mid-rollout and restarted finishes the rollout
 * without duplicates. The manager runs as a real process (main.ts); SIGKILL lands while the
 * new ReplicaSet is creating its surge pods. Sampled throughout: never more than
 * replicas + maxSurge pods, never fewer than replicas available (maxUnavailable 0).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Deployment, Pod } from '@skiff/api';
import { deploymentsRef } from '../../refs.ts';
import { listPods, markReady, startCluster, until, type Cluster } from '../../testing/e2e.ts';
import { deployment } from '../../testing/objects.ts';
import { spawnManager, type ManagerProcess } from '../../testing/process.ts';

let c: Cluster;
const procs: ManagerProcess[] = [];
beforeAll(async () => {
  c = await startCluster();
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill9()));
  await c?.close();
});

const ARGS = ['--leader-elect=false', '--controllers', 'replicaset,deployment'];
const isReady = (p: Pod) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') ?? false;
const live = async () => (await listPods(c.client, 'app=k9')).filter((p) => !p.metadata.deletionTimestamp);

/** The test plays kubelet: every live pod becomes Ready. Returns what it saw. */
async function step(): Promise<Pod[]> {
  const pods = await live();
  for (const p of pods) if (!isReady(p)) await markReady(c.client, p).catch(() => undefined);
  return pods;
}

it('killed with SIGKILL mid-rollout, a restarted manager finishes it without duplicate pods', async () => {
  procs.push(spawnManager(c.server, ARGS));
  const d = deployment('k9', 6, 'img:a', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } } });
  delete d.metadata.uid;
  await c.client.create(deploymentsRef, d);
  await until(async () => (await step()).filter(isReady).length === 6, 20_000, 'initial rollout');

  await c.client.patch(deploymentsRef, 'k9', 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', image: 'img:b' }] } } } }, { namespace: 'default' });
  await until(async () => (await live()).some((p) => p.spec?.containers[0]?.image === 'img:b'), 10_000, 'rollout started');
  await procs[0]!.kill9();

  let maxPods = 0;
  let minReady = Infinity;
  const sample = async () => {
    const pods = await step();
    maxPods = Math.max(maxPods, pods.length);
    minReady = Math.min(minReady, pods.filter((p) => isReady(p) && p.spec?.containers[0]?.image === 'img:a').length + pods.filter((p) => isReady(p) && p.spec?.containers[0]?.image === 'img:b').length);
    return pods;
  };
  await sample();
  procs.push(spawnManager(c.server, ARGS));
  await until(async () => {
    const pods = await sample();
    const dep = await c.client.get<Deployment>(deploymentsRef, 'k9', { namespace: 'default' });
    return pods.length === 6 && pods.every((p) => p.spec?.containers[0]?.image === 'img:b') && dep.status?.updatedReplicas === 6 && dep.status.availableReplicas === 6;
  }, 30_000, 'rollout finished');
  expect(maxPods).toBeLessThanOrEqual(8);
  expect(minReady).toBeGreaterThanOrEqual(6);
  const names = (await live()).map((p) => p.metadata.name);
  expect(new Set(names).size).toBe(6);
}, 60_000);
