/**
 * skiff why against the real api-server. The cluster holds what the scheduler and the node
 * agent would have written: gpu-a (2 GPUs, both held), gpu-b (4 GPUs, NotReady); pods pending
 * for each distinct cause, with the scheduler's own messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestClient } from '@skiff/client';
import { startTestServer, type TestServer } from '@skiff/testing';
import { addClaim, addEvent, addNode, addPod, addSlice, clientFor, podRef } from '../gpus/test-cluster.ts';
import { DEVICE_CLASSES, COSCHEDULING_POD_GROUPS } from '../gpus/refs.ts';
import { cli } from '../test/harness.ts';

let server: TestServer;
let c: RestClient;
const k = (args: string[]) => cli(server.kubeconfigPath, args);
const unschedulable = (message: string) => ({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] });
const TAINT = '1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }';

beforeAll(async () => {
  server = await startTestServer();
  c = clientFor(server);
  await c.create(DEVICE_CLASSES, { apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', metadata: { name: 'gpu.nvidia.com' }, spec: { selectors: [{ cel: { expression: "device.driver == 'gpu.nvidia.com'" } }] } });
  await addNode(c, { name: 'gpu-a', gpus: 2 });
  await addSlice(c, 'gpu-a', [{ name: 'gpu-0', index: 0, uuid: 'GPU-a0' }, { name: 'gpu-1', index: 1, uuid: 'GPU-a1' }]);
  await addNode(c, { name: 'gpu-b', gpus: 4, ready: false });
  const train = await addPod(c, { name: 'train', node: 'gpu-a', claims: [{ name: 'gpu', claimName: 'train-gpu' }], status: { phase: 'Running', containerStatuses: [{ name: 'main', ready: true, restartCount: 0, image: 'cuda:12', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }] } });
  await addClaim(c, { name: 'train-gpu', allocated: ['gpu-a/gpu-0'], reservedFor: [podRef(train)] });
  await addPod(c, { name: 'classic', node: 'gpu-a', gpus: 1, annotations: { 'skiff.dev/gpus': '{"main":["GPU-a1"]}' }, status: { phase: 'Running' } });

  await addPod(c, { name: 'waiter', gpus: 1, status: unschedulable(`0/2 nodes are available: 1 Insufficient nvidia.com/gpu, ${TAINT}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.`) });
  await addPod(c, { name: 'big', gpus: 8, status: unschedulable(`0/2 nodes are available: 1 Insufficient nvidia.com/gpu, ${TAINT}.`) });
  await addPod(c, { name: 'four', gpus: 4, status: unschedulable(`0/2 nodes are available: 1 Insufficient nvidia.com/gpu, ${TAINT}.`) });
  await addClaim(c, { name: 'sel-claim', selector: "device.attributes['gpu.nvidia.com'].productName == 'A100'" });
  await addPod(c, { name: 'sel', claims: [{ name: 'gpu', claimName: 'sel-claim' }], status: unschedulable(`0/2 nodes are available: 1 claim default/sel-claim: 0/2 devices match request gpu: 2 rejected by selector device.attributes['gpu.nvidia.com'].productName == 'A100', ${TAINT}.`) });
  await addClaim(c, { name: 'tpu-claim', deviceClass: 'tpu.google.com' });
  await addPod(c, { name: 'nocls', claims: [{ name: 'tpu', claimName: 'tpu-claim' }] });
  await addClaim(c, { name: 'busy-claim' });
  // No condition yet, only the event: the verdict comes from FailedScheduling.
  const drabusy = await addPod(c, { name: 'drabusy', claims: [{ name: 'gpu', claimName: 'busy-claim' }] });
  await addEvent(c, drabusy, 'FailedScheduling', `0/2 nodes are available: 1 cannot allocate all claims: claim default/busy-claim, request gpu: 0 of 2 matching devices are free, ${TAINT}.`);

  await addPod(c, { name: 'pull', node: 'gpu-a', status: { phase: 'Pending', containerStatuses: [{ name: 'main', ready: false, restartCount: 0, image: 'cuda:12', imageID: '', state: { waiting: { reason: 'ErrImagePull', message: 'pull access denied for cuda, repository does not exist' } } }] } });
  const crash = await addPod(c, { name: 'crash', node: 'gpu-a', status: { phase: 'Running', containerStatuses: [{ name: 'main', ready: false, restartCount: 4, image: 'cuda:12', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=main pod=crash_default(x)' } }, lastState: { terminated: { exitCode: 3, reason: 'Error', finishedAt: new Date(Date.now() - 30_000).toISOString() } } }] } });
  await addEvent(c, crash, 'BackOff', 'Back-off restarting failed container main in pod crash_default(x)', { component: 'kubelet', count: 5 });
  await addPod(c, { name: 'stuck', node: 'gpu-b', status: { phase: 'Pending' } });
  // Recreated once by the agent after its GPU went away (pods/gpu-liveness.ts), running again.
  const healed = await addPod(c, { name: 'healed', node: 'gpu-a', status: { phase: 'Running', containerStatuses: [{ name: 'main', ready: true, restartCount: 1, image: 'cuda:12', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z' } }, lastState: { terminated: { exitCode: 255, reason: 'Error' } } }] } });
  await addEvent(c, healed, 'GPULost', 'Container main lost access to its GPU (NvmlUnknownError): NVML could not open the GPU. Recreating the container.', { component: 'kubelet' });
  await addPod(c, { name: 'failed', node: 'gpu-a', status: { phase: 'Failed', containerStatuses: [{ name: 'main', ready: false, restartCount: 0, image: 'cuda:12', imageID: '', state: { terminated: { exitCode: 1, reason: 'Error' } } }] } });

  await c.create(COSCHEDULING_POD_GROUPS, { apiVersion: 'scheduling.x-k8s.io/v1alpha1', kind: 'PodGroup', metadata: { name: 'g', namespace: 'default' }, spec: { minMember: 3 } });
  const gangMsg = 'gang default/g: only 2 of 3 required members exist (minCount 3); waiting for more pods';
  for (const n of ['w-0', 'w-1']) await addPod(c, { name: n, labels: { 'scheduling.x-k8s.io/pod-group': 'g' }, status: unschedulable(gangMsg) });
});
afterAll(() => server.close());

describe('skiff why pod', () => {
  it('every GPU busy: says so and names the pods holding them', async () => {
    const r = await k(['why', 'pod/waiter']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'pod/waiter is Pending: it needs 1 free nvidia.com/gpu on one node and no node has that many free right now.\n' +
      '  gpu-a/gpu-0 is held by pod default/train (claim train-gpu)\n' +
      '  gpu-a/gpu-1 is held by pod default/classic (nvidia.com/gpu)\n' +
      `  scheduler: 0/2 nodes are available: 1 Insufficient nvidia.com/gpu, ${TAINT}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.\n` +
      '  Fix: wait for one of these pods to finish (the scheduler retries by itself), or delete one to free its GPU.\n',
    );
  });

  it('more GPUs than any node has: can never fit', async () => {
    expect((await k(['why', 'pod', 'big'])).stdout).toMatch(/^pod\/big is Pending: it asks for 8 nvidia.com\/gpu, but no node has that many \(the largest has 4\)\.\n[\s\S]*Fix: ask for at most 4 GPU\(s\) per pod/);
  });

  it('only a not-ready node is big enough: node not ready, with its reason', async () => {
    expect((await k(['why', 'pod/four'])).stdout).toMatch(/^pod\/four is Pending: every node with 4\+ GPUs is not ready or cordoned\.\n  node\/gpu-b: KubeletNotReady: container runtime is down\n/);
  });

  it('DRA: a selector no device matches, a missing DeviceClass, all matching devices busy', async () => {
    expect((await k(['why', 'pod/sel'])).stdout).toMatch(/^pod\/sel is Pending: no device in the cluster matches the selector of request "gpu"\.\n  selector: device\.attributes\['gpu\.nvidia\.com'\]\.productName == 'A100'\n  2 device\(s\) considered, all rejected by it\n/);
    expect((await k(['why', 'pod/nocls'])).stdout).toMatch(/^pod\/nocls is Pending: resourceclaim\/tpu-claim asks for DeviceClass "tpu\.google\.com", which does not exist\.\n  DeviceClasses in the cluster: gpu\.nvidia\.com\n/);
    const busy = (await k(['why', 'pod/drabusy'])).stdout;
    expect(busy).toMatch(/^pod\/drabusy is Pending: only 0 of the 2 matching GPUs are free\.\n  gpu-a\/gpu-0 is held by pod default\/train \(claim train-gpu\)\n  gpu-a\/gpu-1 is held by pod default\/classic \(nvidia\.com\/gpu\)\n/);
  });

  it('image pull error, crash loop with the last exit code, node not ready after placement', async () => {
    expect((await k(['why', 'pod/pull'])).stdout).toMatch(/^pod\/pull is Pending: container main cannot get its image "cuda:12" \(ErrImagePull\)\.\n  pull access denied/);
    const crash = (await k(['why', 'pod/crash'])).stdout;
    expect(crash).toMatch(/^pod\/crash is Running: container main keeps crashing, so it is restarted with a growing back-off\.\n  restarted 4 time\(s\); last exit code 3 \(Error\) 30s ago; next try in up to 40s\n  event BackOff \(x5\): Back-off restarting/);
    expect(crash).toMatch(/Fix: read the last run's output: skiff logs crash -c main --previous\n$/);
    expect((await k(['why', 'pod/stuck'])).stdout).toMatch(/^pod\/stuck is Pending: its node gpu-b is not ready \(KubeletNotReady: container runtime is down\)\./);
  });

  it('nothing to explain: "pod/x is Running", exit 0', async () => {
    expect(await k(['why', 'pod/train'])).toEqual({ code: 0, stdout: 'pod/train is Running\n', stderr: '' });
  });

  it('running again after a GPULost recreation: Running, with the restart and the event', async () => {
    expect((await k(['why', 'pod/healed'])).stdout).toBe(
      'pod/healed is Running\n' +
      '  container main restarted 1 time(s); last exit code 255 (Error)\n' +
      '  event GPULost: Container main lost access to its GPU (NvmlUnknownError): NVML could not open the GPU. Recreating the container.\n',
    );
  });

  it('failed for good: the exit code and where to look', async () => {
    expect((await k(['why', 'pod/failed'])).stdout).toBe(
      'pod/failed is Failed: a container exited with an error and the restart policy does not restart it.\n' +
      '  container main: exit code 1 (Error)\n' +
      '  Fix: read its output: skiff logs failed\n',
    );
  });

  it('a gang member and the gang: waiting for N of M members', async () => {
    expect((await k(['why', 'pod/w-0'])).stdout).toBe('pod/w-0 is Pending: gang default/g is waiting for members: 2 of 3 required pods exist.\n  Fix: create the missing 1 pod(s); nothing is placed until 3 exist.\n');
    expect((await k(['why', 'podgroup/g'])).stdout).toMatch(/^podgroup\/g is Pending: waiting for members: 2 of 3 required pods exist\.\n  2 member\(s\) exist, 0 scheduled, 0 running; it needs 3\n/);
  });
});

describe('skiff why resourceclaim', () => {
  it('allocated: its devices and pods; pending: the verdict of the pod waiting for it', async () => {
    expect((await k(['why', 'resourceclaim/train-gpu'])).stdout).toBe('resourceclaim/train-gpu is Allocated\n  devices: gpu.nvidia.com gpu-a/gpu-0\n  reserved for: pod default/train\n');
    expect((await k(['why', 'resourceclaim', 'sel-claim'])).stdout).toMatch(/^resourceclaim\/sel-claim is Pending: pod sel that uses it is Pending: no device in the cluster matches the selector/);
    expect((await k(['why', 'resourceclaim/tpu-claim'])).stdout).toMatch(/^resourceclaim\/tpu-claim is Pending: it asks for DeviceClass "tpu\.google\.com", which does not exist\./);
  });
});

describe('skiff why: bad input', () => {
  it('missing object, unknown type, no argument', async () => {
    expect(await k(['why', 'pod/nope'])).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    expect((await k(['why', 'deploy/x'])).stderr).toBe('error: skiff why explains pods, resourceclaims and podgroups, not "deploy"\n');
    expect((await k(['why'])).stderr).toBe('error: you must specify one object: skiff why pod/NAME | resourceclaim/NAME | podgroup/NAME\n');
    expect((await k(['why', 'podgroup/none'])).stderr).toBe('Error from server (NotFound): podgroups.scheduling.k8s.io "none" not found\n');
  });
});
