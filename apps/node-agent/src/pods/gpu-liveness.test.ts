/**
 * The lost-GPU watch: the classification of one `nvidia-smi -L` inside a container (table),
 * then the whole loop on the fake runtime against the REAL api-server: a running GPU container
 * starts failing NVML, the pod and the node get a GPULost event, and the container is
 * recreated (or, for restartPolicy Never, stopped and the pod fails).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Event, KubeList, Pod } from '@skiff/api';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { startNodeAgent, type NodeAgent } from '../agent.ts';
import { EVENTS, PODS } from '../refs.ts';
import { FakeRuntime } from '../runtime/fake.ts';
import { clientFor, eventually, FixedFacts } from '../test-support.ts';
import { classifyGpuCheck, GpuLiveness, usesGpu } from './gpu-liveness.ts';

const SMI_OK = 'GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b)\n';

describe('classifyGpuCheck', () => {
  it.each([
    ['nvidia-smi lists the GPU', { exitCode: 0, output: SMI_OK }, 'ok', undefined],
    ['device cgroup lost (daemon-reload)', { exitCode: 255, output: 'Failed to initialize NVML: Unknown Error\n' }, 'lost', 'NvmlUnknownError'],
    ['GPU fell off the bus', { exitCode: 15, output: 'Unable to determine the device handle for GPU0000:00:06.0: Unknown Error\n' }, 'lost', 'GpuLost'],
    ['driver upgraded underneath', { exitCode: 18, output: 'Failed to initialize NVML: Driver/library version mismatch\nNVML library version: 580.95\n' }, 'lost', 'DriverLibraryVersionMismatch'],
    ['no GPU visible any more', { exitCode: 6, output: 'No devices were found\n' }, 'lost', 'NoDevicesFound'],
    ['exit 0 but nothing listed', { exitCode: 0, output: '' }, 'lost', 'NoDevicesFound'],
    ['image without nvidia-smi', { exitCode: 127, output: 'OCI runtime exec failed: exec: "nvidia-smi": executable file not found in $PATH' }, 'unchecked', undefined],
    ['check timed out', { exitCode: -1, output: 'command timed out after 10s' }, 'retry', undefined],
    ['engine error', new Error('container abc is not running'), 'retry', undefined],
  ] as const)('%s → %s', (_what, result, kind, reason) => {
    const v = classifyGpuCheck(result instanceof Error ? result : { ...result });
    expect(v.kind).toBe(kind);
    expect(v.kind === 'lost' ? v.problem.reason : undefined).toBe(reason);
  });

  it('only containers with a GPU limit or a claim are watched', () => {
    expect(usesGpu({ name: 'a', image: 'x', resources: { limits: { 'nvidia.com/gpu': '1' } } })).toBe(true);
    expect(usesGpu({ name: 'a', image: 'x', resources: { claims: [{ name: 'gpu' }] } })).toBe(true);
    expect(usesGpu({ name: 'a', image: 'x', resources: { limits: { cpu: '1' } } })).toBe(false);
  });
});

let server: TestServer;
let dataDir: string;
const agents: NodeAgent[] = [];
let seq = 0;
beforeAll(async () => {
  server = await startTestServer();
  dataDir = mkdtempSync(join(tmpdir(), 'skiff-gpu-liveness-'));
});
afterEach(async () => {
  for (const a of agents.splice(0)) await a.stop();
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** An agent whose containers answer nvidia-smi like a GPU host; `broken` containers lose the GPU. */
async function gpuAgent(node: string, rt: FakeRuntime): Promise<NodeAgent> {
  const a = await startNodeAgent({
    client: clientFor(server),
    runtime: rt,
    nodeName: node,
    dataDir,
    log: silentLogger(),
    facts: new FixedFacts(),
    resyncMs: 100,
    gpu: {
      view: () => ({ count: 1, simulated: false, conditions: [] }),
      devices: { forContainer: async () => ({ ok: true, config: { Env: ['NVIDIA_VISIBLE_DEVICES=GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b'], HostConfig: {} } }), release: () => undefined },
      health: (enqueue) => new GpuLiveness({ runtime: rt, onLost: enqueue, intervalMs: 50 }),
    },
  });
  agents.push(a);
  return a;
}

async function gpuPod(node: string, name: string, restartPolicy: 'Always' | 'Never'): Promise<Pod> {
  const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: node, restartPolicy, containers: [{ name: 'cuda', image: 'cuda:1', resources: { limits: { 'nvidia.com/gpu': '1' } } }] } };
  return clientFor(server).create(PODS, pod);
}

async function events(pred: (e: Event) => boolean): Promise<Event[]> {
  const list = (await clientFor(server).list<Event>(EVENTS, { namespace: 'default' })) as KubeList<Event>;
  return list.items.filter(pred);
}

describe('a running GPU container that loses its GPU', () => {
  it('is reported on the pod and the node and recreated, once', async () => {
    const node = `gpu-node-${++seq}`;
    const rt = new FakeRuntime();
    rt.addImage('cuda:1');
    let firstId: string | undefined;
    rt.execHandler = (c, cmd) => {
      expect(cmd).toEqual(['nvidia-smi', '-L']);
      firstId ??= c.id;
      return c.id === firstId ? { exitCode: 255, output: 'Failed to initialize NVML: Unknown Error\n' } : { exitCode: 0, output: SMI_OK };
    };
    await gpuAgent(node, rt);
    await gpuPod(node, 'trainer', 'Always');
    const p = await eventually(async () => {
      const p = await clientFor(server).get<Pod>(PODS, 'trainer', { namespace: 'default' });
      const s = p.status?.containerStatuses?.[0];
      return s?.restartCount === 1 && s.state?.running ? p : undefined;
    }, 10_000, 'container recreated and running');
    expect(p.status?.containerStatuses?.[0]?.lastState?.terminated).toBeDefined();
    const podEvents = await eventually(async () => {
      const e = await events((e) => e.involvedObject.name === 'trainer' && e.reason === 'GPULost');
      return e.length ? e : undefined;
    }, 5_000, 'pod GPULost event');
    expect(podEvents[0]!.type).toBe('Warning');
    expect(podEvents[0]!.message).toContain('Container cuda lost access to its GPU (NvmlUnknownError)');
    expect(podEvents[0]!.message).toContain('Recreating the container.');
    const nodeEvents = await eventually(async () => {
      const e = await events((e) => e.involvedObject.kind === 'Node' && e.involvedObject.name === node && e.reason === 'GPULost');
      return e.length ? e : undefined;
    }, 5_000, 'node GPULost event');
    expect(nodeEvents[0]!.message).toContain('Pod default/trainer container cuda');
    // The new container answers: it keeps running, and no second loss is reported.
    await new Promise((r) => setTimeout(r, 300));
    const later = await clientFor(server).get<Pod>(PODS, 'trainer', { namespace: 'default' });
    expect(later.status?.containerStatuses?.[0]?.restartCount).toBe(1);
    expect((await events((e) => e.involvedObject.name === 'trainer' && e.reason === 'GPULost'))[0]!.count ?? 1).toBe(1);
  });

  it('with restartPolicy Never: stopped, not restarted, the pod fails and the event says why', async () => {
    const node = `gpu-node-${++seq}`;
    const rt = new FakeRuntime();
    rt.addImage('cuda:1');
    rt.execHandler = () => ({ exitCode: 15, output: 'Unable to determine the device handle for GPU0000:00:06.0: Unknown Error\n' });
    await gpuAgent(node, rt);
    await gpuPod(node, 'once', 'Never');
    const p = await eventually(async () => {
      const p = await clientFor(server).get<Pod>(PODS, 'once', { namespace: 'default' });
      return p.status?.phase === 'Failed' ? p : undefined;
    }, 10_000, 'pod Failed');
    expect(p.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    const e = await events((e) => e.involvedObject.name === 'once' && e.reason === 'GPULost');
    expect(e[0]!.message).toContain('(GpuLost)');
    expect(e[0]!.message).toContain('restartPolicy is Never');
  });

  it('a container whose image has no nvidia-smi is checked once and then left alone', async () => {
    let calls = 0;
    const live = new GpuLiveness({ runtime: { exec: async () => (calls++, { exitCode: 127, output: 'exec: "nvidia-smi": executable file not found in $PATH' }) }, onLost: () => undefined, intervalMs: 20 });
    live.watch({ name: 'c', image: 'x', resources: { limits: { 'nvidia.com/gpu': '1' } } }, 'cid', 'default/p');
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(1);
    expect(live.lost('cid')).toBeUndefined();
    live.stopAll();
  });
});
