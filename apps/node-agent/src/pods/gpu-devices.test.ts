/** GPU wiring with simulated GPUs (the two-GPU capture) on the fake runtime and the real api-server. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, Node, Pod, ResourceClaim } from '@skiff/api';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { startNodeAgent, type NodeAgent } from '../agent.ts';
import { gpuWiring } from '../gpu-wiring.ts';
import type { GpuDevice, GpuInventory } from '../gpu/index.ts';
import { NODES, PODS, RESOURCE_CLAIMS, RESOURCE_SLICES } from '../refs.ts';
import { FakeRuntime } from '../runtime/fake.ts';
import { clientFor, eventually, FixedFacts } from '../test-support.ts';
import { GPUS_ANNOTATION } from '@skiff/api';
import { GpuDevices } from './gpu-devices.ts';

const NODE = 'gpu-node';
let server: TestServer;
let agent: NodeAgent;
let dataDir: string;
const rt = new FakeRuntime();

beforeAll(async () => {
  server = await startTestServer();
  dataDir = mkdtempSync(join(tmpdir(), 'skiff-gpu-'));
  rt.addImage('cuda:1');
  let pods: () => Pod[] = () => [];
  const { wiring } = await gpuWiring({ client: clientFor(server), runtime: rt, nodeName: NODE, log: silentLogger(), simulateDir: join(import.meta.dirname, '../gpu/testdata/two-gpus'), pods: () => pods() });
  agent = await startNodeAgent({ client: clientFor(server), runtime: rt, nodeName: NODE, dataDir, log: silentLogger(), facts: new FixedFacts(), gpu: wiring, resyncMs: 100 });
  pods = () => agent.pods.informer.lister.list();
});
afterAll(async () => {
  await agent.stop();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const envOf = (uid: string): string[] => [...rt.containers.values()].find((c) => c.info.labels['io.kubernetes.pod.uid'] === uid && c.info.labels['io.skiff.role'] === 'container')?.spec.env ?? [];
async function run(name: string, gpus?: number): Promise<Pod> {
  const limits = gpus ? { 'nvidia.com/gpu': String(gpus) } : undefined;
  await clientFor(server).create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: NODE, containers: [{ name: 'app', image: 'cuda:1', ...(limits ? { resources: { limits } } : {}) }] } } as Pod);
  return eventually(async () => {
    const p = await clientFor(server).get<Pod>(PODS, name, { namespace: 'default' });
    return p.status?.phase === 'Running' ? p : undefined;
  }, 10_000, `${name} Running`);
}

describe('GPU wiring (simulated GPUs)', () => {
  it('publishes nvidia.com/gpu, the simulated label and a ResourceSlice', async () => {
    const node = await clientFor(server).get<Node>(NODES, NODE);
    expect(node.metadata.labels?.['skiff.dev/simulated-gpus']).toBe('true');
    expect(node.status?.capacity?.['nvidia.com/gpu']).toBe('2');
    const slice = await eventually(() => clientFor(server).get<KubeObject>(RESOURCE_SLICES, `${NODE}-gpu.nvidia.com`), 5_000, 'slice');
    expect((slice.spec as { devices: unknown[] }).devices).toHaveLength(2);
  });

  it('gives nvidia.com/gpu pods distinct GPUs by UUID (recorded in skiff.dev/gpus) and others none', async () => {
    const a = await run('gpu-a', 1);
    const b = await run('gpu-b', 1);
    const plain = await run('plain');
    const ua = JSON.parse((await clientFor(server).get<Pod>(PODS, 'gpu-a', { namespace: 'default' })).metadata.annotations![GPUS_ANNOTATION]!).app as string[];
    const ub = JSON.parse((await clientFor(server).get<Pod>(PODS, 'gpu-b', { namespace: 'default' })).metadata.annotations![GPUS_ANNOTATION]!).app as string[];
    expect(ua).toHaveLength(1);
    expect(ub).toHaveLength(1);
    expect(ua[0]).not.toBe(ub[0]);
    expect(envOf(a.metadata.uid!)).toContain(`NVIDIA_VISIBLE_DEVICES=${ua[0]}`);
    expect(envOf(b.metadata.uid!)).toContain(`NVIDIA_VISIBLE_DEVICES=${ub[0]}`);
    expect(envOf(plain.metadata.uid!)).toContain('NVIDIA_VISIBLE_DEVICES=void');
  });

  it('refuses a pod asking for more GPUs than are free (CreateContainerConfigError)', async () => {
    await clientFor(server).create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'greedy', namespace: 'default' }, spec: { nodeName: NODE, containers: [{ name: 'app', image: 'cuda:1', resources: { limits: { 'nvidia.com/gpu': '1' } } }] } } as Pod);
    const p = await eventually(async () => {
      const p = await clientFor(server).get<Pod>(PODS, 'greedy', { namespace: 'default' });
      return p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CreateContainerConfigError' ? p : undefined;
    }, 10_000, 'refused');
    expect(p.status?.containerStatuses?.[0]?.state?.waiting?.message).toBe('1 nvidia.com/gpu requested, 0 free on node gpu-node');
  });
});

/**
 * One ledger with DRA: GpuDevices on its own (no agent), against the real api-server's claims.
 * Each case gets its own node, so its claims (pool = node name) touch no other case.
 */
describe('classic picks and DRA claims share the GPUs', () => {
  const gpu = (i: number): GpuDevice => ({ uuid: `GPU-ledger-${i}`, index: i, minor: i, name: 'NVIDIA H100 80GB HBM3', memoryBytes: 80 * 2 ** 30, pciBusId: `0000:0${i}:00.0`, type: 'gpu', healthy: true });
  const inventory: GpuInventory = { source: 'simulated', devices: [0, 1, 2].map(gpu), problems: [], simulated: true };
  let seq = 0;

  interface Holder {
    /** Claim holding these device indexes, on this node's pool unless `pool` says otherwise. */
    devices: number[];
    pool?: string;
    driver?: string;
    /** Who the claim is reserved for: a live pod, a finished one, one the agent has not seen, or nobody. */
    reservedFor: 'live' | 'finished' | 'unseen' | 'nobody';
  }

  async function setUp(holders: Holder[], classic: number[] = []): Promise<{ devices: GpuDevices; node: string; pods: Pod[] }> {
    const node = `ledger-${++seq}`;
    const c = clientFor(server);
    const pods: Pod[] = [];
    for (const [i, h] of holders.entries()) {
      const owner = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `owner-${seq}-${i}`, namespace: 'default', uid: `uid-${seq}-${i}` }, status: { phase: h.reservedFor === 'finished' ? 'Succeeded' : 'Running' } } as Pod;
      if (h.reservedFor === 'live' || h.reservedFor === 'finished') pods.push(owner);
      const claim = await c.create<ResourceClaim>(RESOURCE_CLAIMS, { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaim', metadata: { name: `claim-${seq}-${i}`, namespace: 'default' }, spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com' } }] } } }, { namespace: 'default' });
      claim.status = {
        allocation: { devices: { results: h.devices.map((d) => ({ request: 'gpu', driver: h.driver ?? 'gpu.nvidia.com', pool: h.pool ?? node, device: `gpu-${d}` })) } },
        ...(h.reservedFor === 'nobody' ? {} : { reservedFor: [{ resource: 'pods', name: owner.metadata.name!, uid: owner.metadata.uid! }] }),
      };
      await c.updateStatus(RESOURCE_CLAIMS, claim, { namespace: 'default' });
    }
    for (const [i, d] of classic.entries()) {
      pods.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `classic-${seq}-${i}`, namespace: 'default', uid: `classic-uid-${seq}-${i}`, annotations: { [GPUS_ANNOTATION]: JSON.stringify({ app: [gpu(d).uuid] }) } }, status: { phase: 'Running' } } as Pod);
    }
    return { devices: new GpuDevices({ client: c, nodeName: node, inventory, mode: 'env-only', driverLibs: { libs: [] }, pods: () => pods }), node, pods };
  }

  async function classicPod(node: string): Promise<Pod> {
    return clientFor(server).create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: `want-${seq}`, namespace: 'default' }, spec: { nodeName: node, containers: [{ name: 'app', image: 'cuda:1', resources: { limits: { 'nvidia.com/gpu': '1' } } }] } } as Pod);
  }

  const visible = (d: { ok: true; config: { Env: string[] } } | { ok: false; message: string }): string => (d.ok ? (d.config.Env.find((e) => e.startsWith('NVIDIA_VISIBLE_DEVICES=')) ?? '') : d.message);

  const cases: { name: string; holders: Holder[]; classic?: number[]; want: string }[] = [
    { name: 'nothing held: the lowest index', holders: [], want: 'NVIDIA_VISIBLE_DEVICES=GPU-ledger-0' },
    { name: 'a claim reserved for a live pod holds its GPU', holders: [{ devices: [0], reservedFor: 'live' }], want: 'NVIDIA_VISIBLE_DEVICES=GPU-ledger-1' },
    { name: 'a claim reserved for a pod not seen yet holds its GPU (written before the binding)', holders: [{ devices: [0, 1], reservedFor: 'unseen' }], want: 'NVIDIA_VISIBLE_DEVICES=GPU-ledger-2' },
    { name: 'a claim whose pod finished holds nothing', holders: [{ devices: [0], reservedFor: 'finished' }], want: 'NVIDIA_VISIBLE_DEVICES=GPU-ledger-0' },
    { name: 'a claim reserved for nobody holds nothing', holders: [{ devices: [0], reservedFor: 'nobody' }], want: 'NVIDIA_VISIBLE_DEVICES=GPU-ledger-0' },
    { name: "another node's pool is not ours", holders: [{ devices: [0], pool: 'elsewhere', reservedFor: 'live' }], want: 'NVIDIA_VISIBLE_DEVICES=GPU-ledger-0' },
    { name: "another driver's devices are not GPUs", holders: [{ devices: [0], driver: 'other.example.com', reservedFor: 'live' }], want: 'NVIDIA_VISIBLE_DEVICES=GPU-ledger-0' },
    { name: 'claims and classic pods together', holders: [{ devices: [0], reservedFor: 'live' }], classic: [1], want: 'NVIDIA_VISIBLE_DEVICES=GPU-ledger-2' },
    { name: 'every GPU held: refused', holders: [{ devices: [0, 2], reservedFor: 'live' }], classic: [1], want: '1 nvidia.com/gpu requested, 0 free on node NODE' },
  ];
  for (const c of cases) {
    it(`classic pick: ${c.name}`, async () => {
      const { devices, node } = await setUp(c.holders, c.classic);
      const pod = await classicPod(node);
      expect(visible(await devices.forContainer(pod, pod.spec!.containers[0]!))).toBe(c.want.replace('NODE', node));
    });
  }

  it('a claim is not handed a GPU a live classic pod holds; a finished one holds nothing', async () => {
    const { devices, pods } = await setUp([{ devices: [1], reservedFor: 'live' }], [1]);
    const claimName = `claim-${seq}-0`;
    const owner = pods[0]!;
    const pod = { ...owner, spec: { resourceClaims: [{ name: 'gpu', resourceClaimName: claimName }], containers: [{ name: 'app', image: 'cuda:1', resources: { claims: [{ name: 'gpu' }] } }] } } as Pod;
    const ctr = pod.spec!.containers[0]!;
    expect(visible(await devices.forContainer(pod, ctr))).toBe(`resourceclaim "${claimName}": device gpu-1 (GPU-ledger-1) is held by pod default/classic-${seq}-0 for its nvidia.com/gpu limit`);
    pods[1]!.status = { phase: 'Succeeded' };
    expect(visible(await devices.forContainer(pod, ctr))).toBe('NVIDIA_VISIBLE_DEVICES=GPU-ledger-1');
  });

  it('holders(): classic picks from the annotation, claim devices from the claim (read once per pod); finished pods hold nothing', async () => {
    const { devices, pods } = await setUp([{ devices: [0, 2], reservedFor: 'live' }], [1]);
    const owner = pods[0]!;
    const claimName = `claim-${seq}-0`;
    owner.spec = { resourceClaims: [{ name: 'gpu', resourceClaimName: claimName }], containers: [{ name: 'trainer', image: 'cuda:1', resources: { claims: [{ name: 'gpu' }] } }] };
    const trainer = { namespace: 'default', pod: owner.metadata.name, container: 'trainer' };
    expect(Object.fromEntries(await devices.holders())).toEqual({
      'GPU-ledger-0': [trainer],
      'GPU-ledger-1': [{ namespace: 'default', pod: `classic-${seq}-0`, container: 'app' }],
      'GPU-ledger-2': [trainer],
    });
    // An allocated claim never changes for its pod: gone from the server, still known here.
    await clientFor(server).delete(RESOURCE_CLAIMS, claimName, { namespace: 'default' });
    pods[1]!.status = { phase: 'Succeeded' };
    expect([...(await devices.holders()).keys()]).toEqual(['GPU-ledger-0', 'GPU-ledger-2']);
    devices.release(owner.metadata.uid!);
    expect([...(await devices.holders()).keys()]).toEqual([]);
  });

  it('init containers: a finished regular init container\'s classic GPU is reused, a sidecar\'s is not; claim holders include init containers', async () => {
    const { devices, pods } = await setUp([{ devices: [2], reservedFor: 'live' }]);
    const gpu1 = { limits: { 'nvidia.com/gpu': '1' } };
    const pod = await clientFor(server).create<Pod>(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: `init-gpu-${seq}`, namespace: 'default' }, spec: { nodeName: 'nowhere', initContainers: [{ name: 'warm', image: 'cuda:1', resources: gpu1 }, { name: 'side', image: 'cuda:1', restartPolicy: 'Always', resources: gpu1 }], containers: [{ name: 'app', image: 'cuda:1', resources: gpu1 }] } } as Pod);
    const [warm, side] = pod.spec!.initContainers!;
    expect(visible(await devices.forContainer(pod, warm!))).toBe('NVIDIA_VISIBLE_DEVICES=GPU-ledger-0');
    expect(visible(await devices.forContainer(pod, side!))).toBe('NVIDIA_VISIBLE_DEVICES=GPU-ledger-0');
    expect(visible(await devices.forContainer(pod, pod.spec!.containers[0]!))).toBe('NVIDIA_VISIBLE_DEVICES=GPU-ledger-1');
    // A claim serving an init container: holders() names it.
    const owner = pods[0]!;
    owner.spec = { resourceClaims: [{ name: 'gpu', resourceClaimName: `claim-${seq}-0` }], initContainers: [{ name: 'prep', image: 'cuda:1', resources: { claims: [{ name: 'gpu' }] } }], containers: [{ name: 'main', image: 'cuda:1' }] };
    expect((await devices.holders()).get('GPU-ledger-2')).toEqual([{ namespace: 'default', pod: owner.metadata.name, container: 'prep' }]);
  });

  it('extendedResourceClaimStatus: each container gets exactly its request\'s GPUs from the generated claim, no classic pick', async () => {
    const { devices, node } = await setUp([]);
    const c = clientFor(server);
    const uid = `ext-uid-${seq}`;
    const claimName = `ext-${seq}-extended-resources-abcde`;
    const claim = await c.create<ResourceClaim>(RESOURCE_CLAIMS, { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaim', metadata: { name: claimName, namespace: 'default' }, spec: { devices: { requests: [0, 1].map((i) => ({ name: `container-${i}-request-0`, exactly: { deviceClassName: 'gpu.nvidia.com' } })) } } }, { namespace: 'default' });
    claim.status = {
      allocation: { devices: { results: [{ request: 'container-0-request-0', driver: 'gpu.nvidia.com', pool: node, device: 'gpu-2' }, { request: 'container-1-request-0', driver: 'gpu.nvidia.com', pool: node, device: 'gpu-1' }] } },
      reservedFor: [{ resource: 'pods', name: 'ext', uid }],
    };
    await c.updateStatus(RESOURCE_CLAIMS, claim, { namespace: 'default' });
    const limits = { 'nvidia.com/gpu': '1' };
    // Not created on the server: a classic pick would patch it and fail with NotFound.
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'ext', namespace: 'default', uid },
      spec: { nodeName: node, containers: ['a', 'b', 'plain'].map((name) => ({ name, image: 'cuda:1', ...(name === 'plain' ? {} : { resources: { limits } }) })) },
      status: {
        phase: 'Pending',
        extendedResourceClaimStatus: {
          resourceClaimName: claimName,
          requestMappings: [
            { containerName: 'a', resourceName: 'nvidia.com/gpu', requestName: 'container-0-request-0' },
            { containerName: 'b', resourceName: 'nvidia.com/gpu', requestName: 'container-1-request-0' },
          ],
        },
      },
    } as Pod;
    const [a, b, plain] = pod.spec!.containers;
    expect(visible(await devices.forContainer(pod, a!))).toBe('NVIDIA_VISIBLE_DEVICES=GPU-ledger-2');
    expect(visible(await devices.forContainer(pod, b!))).toBe('NVIDIA_VISIBLE_DEVICES=GPU-ledger-1');
    expect(visible(await devices.forContainer(pod, plain!))).toBe('NVIDIA_VISIBLE_DEVICES=void');
    expect(pod.metadata.annotations?.[GPUS_ANNOTATION]).toBeUndefined();
    // Another pod's claim is refused: the agent only passes devices reserved for this pod.
    const stranger = { ...pod, metadata: { ...pod.metadata, uid: 'someone-else' } } as Pod;
    expect(visible(await devices.forContainer(stranger, a!))).toBe(`resourceclaim "${claimName}" is not reserved for this pod`);
  });
});
