/**
 * skiff why on the scheduler's real words: the embedded scheduler (as `skiff up` runs it)
 * tries the pods and writes its FailedScheduling events and PodScheduled conditions; `why`
 * must turn each into the right cause. This is what keeps why/ in step with the scheduler's
 * wording (explain/fit-error.ts, dra/allocate.ts, gang/schedule-gang.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestClient } from '@skiff/client';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { startEmbeddedScheduler } from '../../../scheduler/src/embedded.ts';
import type { Loose } from '../describe/format.ts';
import { addClaim, addNode, addPod, addSlice, clientFor, podRef } from '../gpus/test-cluster.ts';
import { COSCHEDULING_POD_GROUPS, DEVICE_CLASSES, PODS } from '../gpus/refs.ts';
import { cli, eventually } from '../test/harness.ts';

let server: TestServer;
let scheduler: { stop(): Promise<void> };
let c: RestClient;
const k = (args: string[]) => cli(server.kubeconfigPath, args);

async function triedAndFailed(name: string): Promise<void> {
  await eventually(async () => {
    const p = await c.get<Loose>(PODS, name, { namespace: 'default' });
    return (p.status?.conditions ?? []).some((x: Loose) => x.type === 'PodScheduled' && x.status === 'False');
  }, 20_000);
}

beforeAll(async () => {
  server = await startTestServer();
  c = clientFor(server);
  await c.create(DEVICE_CLASSES, { apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', metadata: { name: 'gpu.nvidia.com' }, spec: { selectors: [{ cel: { expression: "device.driver == 'gpu.nvidia.com'" } }] } });
  await addNode(c, { name: 'gpu-a', gpus: 2 });
  await addSlice(c, 'gpu-a', [{ name: 'gpu-0', index: 0, uuid: 'GPU-aaaa0000-0000-0000-0000-000000000000' }, { name: 'gpu-1', index: 1, uuid: 'GPU-aaaa0001-0000-0000-0000-000000000000' }]);
  // Both GPUs held: one by a claim, one by a classic pod whose pick the agent recorded.
  const train = await addPod(c, { name: 'train', node: 'gpu-a', claims: [{ name: 'gpu', claimName: 'train-gpu' }], status: { phase: 'Running' } });
  await addClaim(c, { name: 'train-gpu', allocated: ['gpu-a/gpu-0'], reservedFor: [podRef(train)] });
  await addPod(c, { name: 'classic', node: 'gpu-a', gpus: 1, annotations: { 'skiff.dev/gpus': '{"main":["GPU-aaaa0001-0000-0000-0000-000000000000"]}' }, status: { phase: 'Running' } });
  scheduler = await startEmbeddedScheduler({ kubeconfigPath: server.kubeconfigPath, log: silentLogger('scheduler') });

  await addPod(c, { name: 'waiter', gpus: 1 });
  await addPod(c, { name: 'big', gpus: 8 });
  await addClaim(c, { name: 'a100', selector: "device.attributes['gpu.nvidia.com'].productName == 'A100'" });
  await addPod(c, { name: 'sel', claims: [{ name: 'gpu', claimName: 'a100' }] });
  await addClaim(c, { name: 'four', count: 4 });
  await addPod(c, { name: 'many', claims: [{ name: 'gpu', claimName: 'four' }] });
  await addClaim(c, { name: 'one' });
  await addPod(c, { name: 'drabusy', claims: [{ name: 'gpu', claimName: 'one' }] });
  await c.create(COSCHEDULING_POD_GROUPS, { apiVersion: 'scheduling.x-k8s.io/v1alpha1', kind: 'PodGroup', metadata: { name: 'g', namespace: 'default' }, spec: { minMember: 3 } });
  for (const n of ['w-0', 'w-1']) await addPod(c, { name: n, labels: { 'scheduling.x-k8s.io/pod-group': 'g' } });
  // A complete gang whose members cannot all be placed: the member's reason is the answer.
  await c.create(COSCHEDULING_POD_GROUPS, { apiVersion: 'scheduling.x-k8s.io/v1alpha1', kind: 'PodGroup', metadata: { name: 'h', namespace: 'default' }, spec: { minMember: 2 } });
  for (const n of ['h-0', 'h-1']) await addPod(c, { name: n, gpus: 1, labels: { 'scheduling.x-k8s.io/pod-group': 'h' } });
  for (const n of ['waiter', 'big', 'sel', 'many', 'drabusy', 'w-0', 'w-1', 'h-0']) await triedAndFailed(n);
}, 60_000);
afterAll(async () => {
  await scheduler?.stop();
  await server?.close();
});

describe('skiff why on the scheduler\'s own messages', () => {
  it('classic: all GPUs busy (with holders) vs more than any node has', async () => {
    const waiter = (await k(['why', 'pod/waiter'])).stdout;
    expect(waiter).toMatch(/^pod\/waiter is Pending: it needs 1 free nvidia\.com\/gpu on one node and no node has that many free right now\.\n  gpu-a\/gpu-0 is held by pod default\/train \(claim train-gpu\)\n  gpu-a\/gpu-1 is held by pod default\/classic \(nvidia\.com\/gpu\)\n  scheduler: 0\/1 nodes are available: 1 Insufficient nvidia\.com\/gpu\./);
    expect((await k(['why', 'pod/big'])).stdout).toMatch(/^pod\/big is Pending: it asks for 8 nvidia\.com\/gpu, but no node has that many \(the largest has 2\)\./);
  });

  it('DRA: selector matching nothing, more devices than a node has, every matching device busy', async () => {
    expect((await k(['why', 'pod/sel'])).stdout).toMatch(/^pod\/sel is Pending: no device in the cluster matches the selector of request "gpu"\.\n  selector: device\.attributes\['gpu\.nvidia\.com'\]\.productName == 'A100'\n/);
    expect((await k(['why', 'pod/many'])).stdout).toMatch(/^pod\/many is Pending: request "gpu" needs 4 device\(s\) on one node, but no node has more than 2 that match\./);
    const busy = (await k(['why', 'pod/drabusy'])).stdout;
    expect(busy).toMatch(/^pod\/drabusy is Pending: only 0 of the 2 matching GPUs are free\.\n  gpu-a\/gpu-0 is held by pod default\/train \(claim train-gpu\)\n  gpu-a\/gpu-1 is held by pod default\/classic \(nvidia\.com\/gpu\)\n/);
  });

  it('gang: all members exist but the GPUs are busy', async () => {
    const r = (await k(['why', 'pod/h-0'])).stdout;
    expect(r).toMatch(/^pod\/h-0 is Pending: gang default\/h cannot start: only 0 of its 2 members can be placed at once and it needs 2 \(member h-\d: it needs 1 free nvidia\.com\/gpu on one node and no node has that many free right now\.\)\n  gpu-a\/gpu-0 is held by[\s\S]*\n  scheduler: gang default\/h: 0 of 2 members can be placed \(need 2\); h-\d: 0\/1 nodes are available: 1 Insufficient nvidia\.com\/gpu\./);
    expect((await k(['why', 'podgroup/h'])).stdout).toMatch(/^podgroup\/h is Pending: gang default\/h cannot start: .*\n  2 member\(s\) exist, 0 scheduled, 0 running; it needs 2\n/);
  });

  it('gang: waiting for its third member', async () => {
    expect((await k(['why', 'pod/w-1'])).stdout).toMatch(/^pod\/w-1 is Pending: gang default\/g is waiting for members: 2 of 3 required pods exist\./);
    expect((await k(['why', 'podgroup/g'])).stdout).toMatch(/^podgroup\/g is Pending: waiting for members: 2 of 3 required pods exist\./);
  });
});
