import { afterEach, expect, it } from 'vitest';
import { fixture, type Fixture } from '../../testing/fixture.ts';
import { iso, pod, rs, T0 } from '../../testing/objects.ts';
import { ObjectGraph } from './graph.ts';
import { GarbageCollector } from './reconcile.ts';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.stop();
  f = undefined;
});

const own = { kind: 'ReplicaSet', name: 'web' };

it('deletes a dependent whose only owner is gone (confirmed by a live GET), in the background', async () => {
  f = await fixture({ pods: [pod('p1', { owner: own })] });
  const gc = new GarbageCollector(f.client, new ObjectGraph(f.deps.factory));
  await f.reconcile(gc, 'pods:default', 'p1');
  expect(f.client.of('delete', 'pods')).toEqual([expect.objectContaining({ name: 'p1', options: expect.objectContaining({ propagationPolicy: 'Background', preconditions: { uid: 'uid-p1' } }) })]);
});

it('keeps a dependent whose owner exists', async () => {
  f = await fixture({ pods: [pod('p1', { owner: own })], replicasets: [rs('web', 1)] });
  await f.reconcile(new GarbageCollector(f.client, new ObjectGraph(f.deps.factory)), 'pods:default', 'p1');
  expect(f.client.writes).toEqual([]);
});

it('orphan finalizer: strips the ownerReference from dependents, then removes the finalizer', async () => {
  const owner = rs('web', 1, { app: 'web' }, { deletionTimestamp: iso(T0), finalizers: ['orphan'] });
  f = await fixture({ pods: [pod('p1', { owner: own })], replicasets: [owner] });
  await f.reconcile(new GarbageCollector(f.client, new ObjectGraph(f.deps.factory)), 'replicasets:default', 'web');
  expect(f.client.writes.map((w) => [w.resource, w.name, w.body])).toEqual([
    ['pods', 'p1', { metadata: { ownerReferences: null, resourceVersion: '10' } }],
    ['replicasets', 'web', { metadata: { finalizers: null, resourceVersion: '10' } }],
  ]);
});

it('foregroundDeletion: deletes dependents in the foreground and keeps the finalizer while blocking ones remain', async () => {
  const owner = rs('web', 1, { app: 'web' }, { deletionTimestamp: iso(T0), finalizers: ['foregroundDeletion'] });
  f = await fixture({ pods: [pod('p1', { owner: own })], replicasets: [owner] });
  await f.reconcile(new GarbageCollector(f.client, new ObjectGraph(f.deps.factory)), 'replicasets:default', 'web');
  expect(f.client.writes.map((w) => [w.verb, w.name])).toEqual([['delete', 'p1']]);
  expect(f.client.writes[0]!.options).toMatchObject({ propagationPolicy: 'Foreground' });
});
