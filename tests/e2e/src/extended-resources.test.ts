/**
 * DeviceClass extendedResourceName through the whole in-process cluster (lib/cluster.ts):
 * a GPU node whose agent publishes its GPU only as a ResourceSlice device (no nvidia.com/gpu
 * in allocatable, as a node without the classic device count), a DeviceClass mapping
 * nvidia.com/gpu, and plain `nvidia.com/gpu: 1` pods. The scheduler serves the limit with a
 * generated claim, the agent hands the container exactly that claim's GPU, and the claim goes
 * with the pod.
 */
import type { KubeObject, Pod } from '@skiff/api';
import { isAlreadyExists, RestClient } from '@skiff/client';
import { silentLogger } from '@skiff/logging';
import { startNodeAgent, type GpuWiring, type NodeAgent } from '@skiff/node-agent/agent';
import { loadSimulatedGpus, nodeGpuConditions, resourceSliceFor, type GpuInventory } from '@skiff/node-agent/gpu/index';
import { H100 } from '@skiff/node-agent/gpu/test-fixtures';
import { GpuDevices } from '@skiff/node-agent/pods/gpu-devices';
import { RESOURCE_SLICES } from '@skiff/node-agent/refs';
import { FakeRuntime } from '@skiff/node-agent/runtime/fake';
import { FixedFacts } from '@skiff/node-agent/test-support';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './lib/cluster.ts';
import { eventually, tempDir } from './lib/kubectl.ts';

const NODE = 'dra-only';
const IMAGE = 'nvidia/cuda:12.6.3-base-ubuntu24.04';
const PODS = { group: '', version: 'v1', plural: 'pods', namespaced: true } as const;
const NODES = { group: '', version: 'v1', plural: 'nodes', namespaced: false } as const;
const CLAIMS = { group: 'resource.k8s.io', version: 'v1', plural: 'resourceclaims', namespaced: true } as const;
const CLASSES = { group: 'resource.k8s.io', version: 'v1', plural: 'deviceclasses', namespaced: false } as const;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = KubeObject & { metadata: { name: string; uid?: string; annotations?: Record<string, string>; ownerReferences?: { uid: string }[] }; spec?: any; status?: any };

let cluster: TestCluster;
let agent: NodeAgent | undefined;
const runtime = new FakeRuntime();
let inventory: GpuInventory;

/** Slice only: count 0 and not flagged simulated, so the Node lists no nvidia.com/gpu. */
function sliceOnlyWiring(client: RestClient, inv: GpuInventory, pods: () => Pod[]): GpuWiring {
  let published = false;
  return {
    view: () => ({ count: 0, simulated: false, conditions: nodeGpuConditions(inv) }),
    devices: new GpuDevices({ client, nodeName: NODE, inventory: inv, mode: 'env-only', driverLibs: { libs: [] }, pods }),
    async sync() {
      if (published) return;
      await client.create(RESOURCE_SLICES, resourceSliceFor(NODE, inv, 1)).catch((e: unknown) => {
        if (!isAlreadyExists(e)) throw e;
      });
      published = true;
    },
  };
}

const gpuPod = (name: string): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'cuda', image: IMAGE, resources: { limits: { 'nvidia.com/gpu': '1' } } }] },
  }) as Pod;
const get = (name: string): Promise<Obj> => cluster.client.get<Obj>(PODS, name, { namespace: 'default' });
const claimsOf = async (uid: string): Promise<Obj[]> => (await cluster.client.list<Obj>(CLAIMS, { namespace: 'default' })).items.filter((c) => c.metadata.ownerReferences?.some((o) => o.uid === uid));
function visibleGpus(p: Obj): string[] {
  for (const c of runtime.containers.values()) {
    if (!c.spec.name.includes(p.metadata.name) || c.spec.image.includes('pause')) continue;
    const v = c.spec.env.find((e) => e.startsWith('NVIDIA_VISIBLE_DEVICES='))?.slice('NVIDIA_VISIBLE_DEVICES='.length);
    if (v && v !== 'void') return v.split(',');
  }
  return [];
}

beforeAll(async () => {
  cluster = await startTestCluster({ nodes: 1, images: [IMAGE] });
  inventory = await loadSimulatedGpus(H100());
  const client = new RestClient({ server: cluster.server.url, token: cluster.server.token, ca: cluster.server.caPem });
  runtime.addImage(IMAGE);
  const gpu = sliceOnlyWiring(client, inventory, () => agent?.pods.informer.lister.list() ?? []);
  agent = await startNodeAgent({ client, runtime, nodeName: NODE, dataDir: join(tempDir('skiff-ext-'), NODE), log: silentLogger('node-agent'), facts: new FixedFacts(), gpu, heartbeatMs: 1_000, resyncMs: 2_000 });
  await cluster.client.create(CLASSES, {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'DeviceClass',
    metadata: { name: 'gpu.nvidia.com' },
    spec: { selectors: [{ cel: { expression: "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'gpu'" } }], extendedResourceName: 'nvidia.com/gpu' },
  } as KubeObject);
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await cluster?.close();
});

describe('nvidia.com/gpu served by DRA on a node without the resource (DeviceClass extendedResourceName)', () => {
  it('the pod runs with the GPU of its generated claim; a second pod waits; the claim goes with the pod', async () => {
    const node = await cluster.client.get<Obj>(NODES, NODE);
    expect(node.status?.allocatable?.['nvidia.com/gpu']).toBeUndefined();
    expect(inventory.devices).toHaveLength(1);

    await cluster.client.create(PODS, gpuPod('ext-a'), { namespace: 'default' });
    const a = await eventually(async () => {
      const p = await get('ext-a');
      return p.status?.phase === 'Running' ? p : undefined;
    }, 30_000);
    expect(a.spec.nodeName).toBe(NODE);
    const [claim, ...more] = await claimsOf(a.metadata.uid!);
    expect(more).toEqual([]);
    expect(claim!.metadata.name).toMatch(/^ext-a-extended-resources-/);
    expect(claim!.metadata.annotations?.['resource.kubernetes.io/extended-resource-claim']).toBe('true');
    expect(a.status.extendedResourceClaimStatus).toEqual({
      resourceClaimName: claim!.metadata.name,
      requestMappings: [{ containerName: 'cuda', resourceName: 'nvidia.com/gpu', requestName: 'container-0-request-0' }],
    });
    expect(claim!.status.allocation.devices.results).toEqual([{ request: 'container-0-request-0', driver: 'gpu.nvidia.com', pool: NODE, device: 'gpu-0' }]);
    expect(visibleGpus(a)).toEqual([inventory.devices[0]!.uuid]);
    // No classic pick was made for it: the annotation the agent writes for classic limits is absent.
    expect(a.metadata.annotations?.['skiff.dev/gpus']).toBeUndefined();

    await cluster.client.create(PODS, gpuPod('ext-b'), { namespace: 'default' });
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await get('ext-b')).spec.nodeName).toBeUndefined();

    await cluster.client.delete(PODS, 'ext-a', { namespace: 'default', gracePeriodSeconds: 0 });
    await eventually(async () => ((await claimsOf(a.metadata.uid!)).length === 0 ? true : undefined), 30_000);
    const b = await eventually(async () => {
      const p = await get('ext-b');
      return p.status?.phase === 'Running' ? p : undefined;
    }, 30_000);
    expect(visibleGpus(b)).toEqual([inventory.devices[0]!.uuid]);
  }, 90_000);
});
