import { afterEach, expect, it } from 'vitest';
import type { Node } from '@skiff/api';
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

it('a node silent for longer than the grace period becomes Unknown (NodeStatusUnknown)', async () => {
  f = await fixture({ nodes: [node('n1', 'True', T0 - 60_000)], leases: [lease('n1', T0 - 51_000)] }, { now: T0 });
  await f.reconcile(new NodeLifecycleReconciler(f.deps), '', 'n1');
  const status = f.client.of('patch', 'nodes').find((w) => w.subresource === 'status')!.body as { status: { conditions: { type: string; status: string; reason: string; message: string }[] } };
  expect(status.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
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
});

it('taints go when the node is Ready again', async () => {
  const taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' as const }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' as const, timeAdded: iso(T0 - 10_000) }, { key: 'user', effect: 'NoSchedule' as const }];
  f = await fixture({ nodes: [node('n1', 'True', T0 - 1_000, taints)], leases: [lease('n1', T0 - 1_000)] }, { now: T0 });
  await f.reconcile(new NodeLifecycleReconciler(f.deps), '', 'n1');
  expect((f.client.of('patch', 'nodes')[0]!.body as { spec: { taints: unknown } }).spec.taints).toEqual([{ key: 'user', effect: 'NoSchedule' }]);
});
