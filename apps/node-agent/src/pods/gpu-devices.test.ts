/** GPU wiring with simulated GPUs (the two-GPU capture) on the fake runtime and the real api-server. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, Node, Pod } from '@skiff/api';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { startNodeAgent, type NodeAgent } from '../agent.ts';
import { gpuWiring } from '../gpu-wiring.ts';
import { NODES, PODS, RESOURCE_SLICES } from '../refs.ts';
import { FakeRuntime } from '../runtime/fake.ts';
import { clientFor, eventually, FixedFacts } from '../test-support.ts';
import { GPUS_ANNOTATION } from './gpu-devices.ts';

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
