import { afterEach, describe, expect, it } from 'vitest';
import type { Pod } from '@skiff/api';
import { ApiError, failureStatus } from '@skiff/client';
import { fixture, type Fixture } from '../../testing/fixture.ts';
import { pod, rs, T0 } from '../../testing/objects.ts';
import { ReplicaSetReconciler } from './reconcile.ts';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.stop();
  f = undefined;
});

const own = { kind: 'ReplicaSet', name: 'web' };
const labels = { app: 'web' };

describe('ReplicaSet reconcile', () => {
  it('creates missing pods named <rs>-<random> with a controller ownerReference and publishes status', async () => {
    f = await fixture({ replicasets: [rs('web', 3)] }, { now: T0 });
    const r = new ReplicaSetReconciler(f.deps);
    expect(await f.reconcile(r, 'default', 'web')).toEqual({});
    const creates = f.client.of('create', 'pods');
    expect(creates).toHaveLength(3);
    const body = creates[0]!.body as Pod;
    expect(body.metadata.generateName).toBe('web-');
    expect(body.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }]);
    expect(creates[0]!.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(r.expectations.get('default/web')).toEqual({ add: 3, del: 0 });
    const status = f.client.of('patch', 'replicasets')[0]!;
    expect(status.subresource).toBe('status');
    expect((status.body as { status: unknown }).status).toMatchObject({ replicas: 0, observedGeneration: 1, readyReplicas: 0, availableReplicas: 0 });
    const events = await f.events();
    expect(events.map((e) => [e.type, e.reason, e.message])).toEqual(creates.map((c) => ['Normal', 'SuccessfulCreate', `Created pod: ${c.name}`]));
    expect(events[0]).toMatchObject({ metadata: { namespace: 'default' }, involvedObject: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'uid-web' }, source: { component: 'replicaset-controller' }, count: 1 });
  });

  it('waits for expectations before counting again (no duplicates on a stale cache)', async () => {
    f = await fixture({ replicasets: [rs('web', 2)] });
    const r = new ReplicaSetReconciler(f.deps);
    await f.reconcile(r, 'default', 'web');
    await f.reconcile(r, 'default', 'web');
    expect(f.client.of('create', 'pods')).toHaveLength(2);
  });

  it('deletes the least valuable pods first: unscheduled, then pending, then not ready', async () => {
    const pods = [
      pod('ready', { labels, owner: own, ready: true, nodeName: 'n1' }),
      pod('unsched', { labels, owner: own }),
      pod('notready', { labels, owner: own, ready: false, nodeName: 'n1', phase: 'Running' }),
      pod('pending', { labels, owner: own, nodeName: 'n2', phase: 'Pending' }),
    ];
    f = await fixture({ replicasets: [rs('web', 1)], pods });
    await f.reconcile(new ReplicaSetReconciler(f.deps), 'default', 'web');
    expect(f.client.of('delete', 'pods').map((w) => w.name)).toEqual(['unsched', 'pending', 'notready']);
    expect((await f.events()).map((e) => `${e.reason} ${e.message}`)).toEqual(['SuccessfulDelete Deleted pod: unsched', 'SuccessfulDelete Deleted pod: pending', 'SuccessfulDelete Deleted pod: notready']);
  });

  it('adopts matching orphans and releases owned pods that stop matching', async () => {
    const pods = [pod('orphan', { labels }), pod('stray', { labels: { app: 'other' }, owner: own }), pod('foreign', { labels, owner: { kind: 'ReplicaSet', name: 'x' } })];
    f = await fixture({ replicasets: [rs('web', 1)], pods });
    await f.reconcile(new ReplicaSetReconciler(f.deps), 'default', 'web');
    const patches = f.client.of('patch', 'pods');
    expect(patches.map((w) => w.name).sort()).toEqual(['orphan', 'stray']);
    const adopt = patches.find((w) => w.name === 'orphan')!.body as { metadata: { ownerReferences: { uid: string }[] } };
    expect(adopt.metadata.ownerReferences[0]!.uid).toBe('uid-web');
    expect((patches.find((w) => w.name === 'stray')!.body as { metadata: { ownerReferences: null } }).metadata.ownerReferences).toBeNull();
    expect(f.client.of('create', 'pods')).toHaveLength(0);
  });

  it('counts available pods with minReadySeconds and requeues until they become available', async () => {
    const set = rs('web', 2);
    set.spec!.minReadySeconds = 10;
    const pods = [pod('a', { labels, owner: own, ready: true, readySince: T0 - 20_000 }), pod('b', { labels, owner: own, ready: true, readySince: T0 - 4_000 })];
    f = await fixture({ replicasets: [set], pods }, { now: T0 });
    const res = await f.reconcile(new ReplicaSetReconciler(f.deps), 'default', 'web');
    expect((f.client.of('patch', 'replicasets')[0]!.body as { status: unknown }).status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 1, fullyLabeledReplicas: 2 });
    expect(res.requeueAfterMs).toBeGreaterThan(5_900);
    expect(res.requeueAfterMs).toBeLessThan(6_200);
  });

  it('a rejected pod becomes ReplicaFailure/FailedCreate and a rate-limited requeue, not an exception', async () => {
    f = await fixture({ replicasets: [rs('web', 3)] });
    f.client.failNext = (w) => (w.verb === 'create' ? new ApiError(failureStatus(403, 'Forbidden', 'exceeded quota')) : undefined);
    const r = new ReplicaSetReconciler(f.deps);
    expect(await f.reconcile(r, 'default', 'web')).toEqual({ requeue: true });
    expect(f.client.of('create', 'pods')).toHaveLength(1); // slow start: one try, not three
    expect(r.expectations.satisfied('default/web')).toBe(true);
    const status = (f.client.of('patch', 'replicasets')[0]!.body as { status: { conditions: unknown[] } }).status;
    expect(status.conditions).toEqual([expect.objectContaining({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' })]);
    expect((await f.events()).map((e) => [e.type, e.reason, e.message])).toEqual([['Warning', 'FailedCreate', 'Error creating: exceeded quota']]);
  });

  it('a sync failing in a hot loop adds to one Warning event, and stops writing after the burst', async () => {
    f = await fixture({ replicasets: [rs('web', 3)] });
    f.client.failNext = (w) => (w.verb === 'create' ? new ApiError(failureStatus(403, 'Forbidden', 'exceeded quota')) : undefined);
    const r = new ReplicaSetReconciler(f.deps);
    for (let i = 0; i < 40; i++) await f.reconcile(r, 'default', 'web');
    const events = await f.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'Warning', reason: 'FailedCreate', count: 25 });
  });
});
