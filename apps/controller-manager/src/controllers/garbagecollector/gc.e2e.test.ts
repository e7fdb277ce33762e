/** Cascading deletion through the real api-server: Background, Foreground and Orphan. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '@skiff/api';
import { isNotFound } from '@skiff/client';
import { deploymentsRef, replicaSetsRef } from '../../refs.ts';
import { listPods, startCluster, until, type Cluster } from '../../testing/e2e.ts';
import { deployment } from '../../testing/objects.ts';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster();
  await c.manager({ leaderElection: false, controllers: ['replicaset', 'deployment', 'garbagecollector'] });
});
afterAll(async () => {
  await c?.close();
});

const ns = { namespace: 'default' };
const gone = async (name: string) => c.client.get(deploymentsRef, name, ns).then(() => false, (e: unknown) => isNotFound(e));
const rsOf = async (name: string) => (await c.client.list<ReplicaSet>(replicaSetsRef, ns)).items.filter((rs) => rs.metadata.name?.startsWith(`${name}-`));

async function createAndWait(name: string, replicas: number): Promise<void> {
  const d = deployment(name, replicas);
  delete d.metadata.uid;
  await c.client.create(deploymentsRef, d);
  await until(async () => (await listPods(c.client, `app=${name}`)).length === replicas, 10_000, `${name} pods`);
}

it('Background: deleting a Deployment removes its ReplicaSets and their pods', async () => {
  await createAndWait('bg', 3);
  await c.client.delete(deploymentsRef, 'bg', { ...ns, propagationPolicy: 'Background' });
  await until(async () => (await rsOf('bg')).length === 0 && (await listPods(c.client, 'app=bg')).length === 0, 10_000, 'cascade');
});

it('Foreground: the Deployment stays (foregroundDeletion) until its ReplicaSets and pods are gone', async () => {
  await createAndWait('fg', 3);
  await c.client.delete(deploymentsRef, 'fg', { ...ns, propagationPolicy: 'Foreground' });
  const marked = await c.client.get<Deployment>(deploymentsRef, 'fg', ns).catch(() => undefined);
  if (marked) expect(marked.metadata.finalizers).toContain('foregroundDeletion');
  await until(() => gone('fg'), 10_000, 'deployment gone');
  expect(await rsOf('fg')).toHaveLength(0);
  expect(await listPods(c.client, 'app=fg')).toHaveLength(0);
});

it('Orphan: the ReplicaSet and pods stay, without the ownerReference', async () => {
  await createAndWait('or', 2);
  await c.client.delete(deploymentsRef, 'or', { ...ns, propagationPolicy: 'Orphan' });
  await until(() => gone('or'), 10_000, 'deployment gone');
  const sets = await rsOf('or');
  expect(sets).toHaveLength(1);
  expect(sets[0]!.metadata.ownerReferences ?? []).toEqual([]);
  await new Promise((r) => setTimeout(r, 300));
  expect(await listPods(c.client, 'app=or')).toHaveLength(2);
});
