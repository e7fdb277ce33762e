/** The manager as a whole against the real api-server: leader election, metrics, one watch per kind. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { replicaSetsRef } from './refs.ts';
import { rs } from './testing/objects.ts';
import { listPods, startCluster, until, type Cluster } from './testing/e2e.ts';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster();
});
afterAll(async () => {
  await c?.close();
});

it('two controller-managers started at the same instant: exactly one leads and the pods are not doubled', async () => {
  const [x, y] = await Promise.all([c.manager({ identity: 'x' }), c.manager({ identity: 'y' })]);
  await until(() => x.isLeader() || y.isLeader(), 5000, 'a leader');
  const set = rs('race', 4);
  delete set.metadata.uid;
  await c.client.create(replicaSetsRef, set);
  await until(async () => (await listPods(c.client, 'app=race')).length === 4, 10_000, '4 pods');
  await new Promise((r) => setTimeout(r, 500)); // room for a second actor to over-create
  expect([x.isLeader(), y.isLeader()].filter(Boolean)).toHaveLength(1);
  expect(await listPods(c.client, 'app=race')).toHaveLength(4);
  for (const m of [x, y]) {
    await m.stop();
    c.managers.splice(c.managers.indexOf(m), 1);
  }
});

it('two controller-managers at once act as one: one leads, the other takes over when it stops', async () => {
  const a = await c.manager({ identity: 'a' });
  await until(() => a.isLeader(), 5000, 'a leads');
  const b = await c.manager({ identity: 'b' });
  const set = rs('pair', 5);
  delete set.metadata.uid;
  await c.client.create(replicaSetsRef, set);
  await until(async () => (await listPods(c.client, 'app=pair')).length === 5, 10_000, '5 pods');
  await new Promise((r) => setTimeout(r, 300));
  expect(b.isLeader()).toBe(false);
  expect(b.controllers).toHaveLength(0);
  expect(await listPods(c.client, 'app=pair')).toHaveLength(5);
  const text = await a.metrics.text();
  expect(text).toMatch(/skiff_controller_reconcile_total\{controller="replicaset"\} \d+/);
  expect(text).toMatch(/skiff_workqueue_depth\{controller="replicaset"\} 0/);
  await a.stop();
  await until(() => b.isLeader(), 5000, 'b takes over');
  await c.client.patch(replicaSetsRef, 'pair', 'merge', { spec: { replicas: 2 } }, { namespace: 'default' });
  await until(async () => (await listPods(c.client, 'app=pair')).filter((p) => !p.metadata.deletionTimestamp).length === 2, 10_000, 'scaled to 2');
});
