import { afterEach, expect, it } from 'vitest';
import type { Node } from '@skiff/api';
import { nodesRef } from '../../refs.ts';
import { fixture, type Fixture } from '../../testing/fixture.ts';
import { iso, pod, T0 } from '../../testing/objects.ts';
import { NodeLifecycleReconciler } from './reconcile.ts';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.stop();
  f = undefined;
});

function node(name: string, ready: 'True' | 'False' | 'Unknown', heartbeat: number, taints: NonNullable<Node['spec']>['taints'] = []): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, creationTimestamp: iso(T0 - 3600_000) }, spec: { taints }, status: { conditions: [{ type: 'Ready', status: ready, reason: 'KubeletReady', lastHeartbeatTime: iso(heartbeat), lastTransitionTime: iso(T0 - 3600_000) }] } };
}
const lease = (name: string, renew: number) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, renewTime: new Date(renew).toISOString() } });

it('a node silent for longer than the grace period becomes Unknown (NodeStatusUnknown); its ready pods are marked not ready', async () => {
  const readyPod = pod('web-1', { nodeName: 'n1', ready: true });
  readyPod.spec!.tolerations = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
  const elsewhere = pod('web-2', { nodeName: 'n2', ready: true });
  f = await fixture({ nodes: [node('n1', 'True', T0 - 60_000)], leases: [lease('n1', T0 - 51_000)], pods: [readyPod, elsewhere] }, { now: T0 });
  await f.reconcile(new NodeLifecycleReconciler(f.deps), '', 'n1');
  const status = f.client.of('patch', 'nodes').find((w) => w.subresource === 'status')!.body as { status: { conditions: { type: string; status: string; reason: string; message: string }[] } };
  expect(status.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
  const podPatches = f.client.of('patch', 'pods');
  expect(podPatches.map((w) => [w.name, w.subresource])).toEqual([['web-1', 'status']]);
  expect(podPatches[0]!.body).toMatchObject({ status: { conditions: [{ type: 'Ready', status: 'False' }] } });
  const events = await f.events();
  expect(events.map((e) => [e.involvedObject.kind, e.involvedObject.name, e.type, e.reason, e.message, e.source?.component, e.metadata.namespace])).toEqual([
    ['Node', 'n1', 'Normal', 'RegisteredNode', 'Node n1 event: Registered Node n1 in Controller', 'node-controller', 'default'],
    ['Node', 'n1', 'Normal', 'NodeNotReady', 'Node n1 status is now: NodeNotReady', 'node-controller', 'default'],
    ['Pod', 'web-1', 'Warning', 'NodeNotReady', 'Node is not ready', 'node-controller', 'default'],
  ]);
});

it('a deleted node gets RemovingNode', async () => {
  const n1 = node('n1', 'True', T0 - 1_000);
  f = await fixture({ nodes: [n1], leases: [lease('n1', T0 - 1_000)] }, { now: T0 });
  const r = new NodeLifecycleReconciler(f.deps);
  await f.reconcile(r, '', 'n1');
  f.deps.factory.informerFor<Node>(nodesRef).event('DELETED', { ...n1, metadata: { ...n1.metadata, resourceVersion: '99' } });
  await f.reconcile(r, '', 'n1');
  expect((await f.events()).map((e) => e.reason)).toEqual(['RegisteredNode', 'RemovingNode']);
});

it('a recent Lease keeps the node alive', async () => {
  f = await fixture({ nodes: [node('n1', 'True', T0 - 60_000)], leases: [lease('n1', T0 - 5_000)] }, { now: T0 });
  await f.reconcile(new NodeLifecycleReconciler(f.deps), '', 'n1');
  expect(f.client.writes).toEqual([]);
});

it('Unknown → unreachable NoSchedule+NoExecute taints; pods without toleration evicted with DisruptionTarget, tolerating ones later', async () => {
  const intolerant = pod('p1', { nodeName: 'n1', phase: 'Running' });
  const tolerant = pod('p2', { nodeName: 'n1', phase: 'Running' });
  tolerant.spec!.tolerations = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
  f = await fixture({ nodes: [node('n1', 'Unknown', T0 - 60_000)], leases: [lease('n1', T0 - 60_000)], pods: [intolerant, tolerant] }, { now: T0 });
  const res = await f.reconcile(new NodeLifecycleReconciler(f.deps), '', 'n1');
  const taintPatch = f.client.of('patch', 'nodes').find((w) => !w.subresource)!.body as { spec: { taints: { key: string; effect: string }[] } };
  expect(taintPatch.spec.taints.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  const podStatus = f.client.of('patch', 'pods')[0]!;
  expect(podStatus.name).toBe('p1');
  expect(JSON.stringify(podStatus.body)).toContain('DeletionByTaintManager');
  expect(f.client.of('delete', 'pods').map((w) => w.name)).toEqual(['p1']);
  expect(res.requeueAfterMs).toBe(5_000);
  const evictions = (await f.events()).filter((e) => e.reason === 'TaintManagerEviction');
  expect(evictions.map((e) => [e.involvedObject.name, e.type, e.message, e.source?.component])).toEqual([['p1', 'Normal', 'Marking for deletion Pod default/p1', 'taint-eviction-controller']]);
});

it('taints go when the node is Ready again', async () => {
  const taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' as const }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' as const, timeAdded: iso(T0 - 10_000) }, { key: 'user', effect: 'NoSchedule' as const }];
  f = await fixture({ nodes: [node('n1', 'True', T0 - 1_000, taints)], leases: [lease('n1', T0 - 1_000)] }, { now: T0 });
  await f.reconcile(new NodeLifecycleReconciler(f.deps), '', 'n1');
  expect((f.client.of('patch', 'nodes')[0]!.body as { spec: { taints: unknown } }).spec.taints).toEqual([{ key: 'user', effect: 'NoSchedule' }]);
});
