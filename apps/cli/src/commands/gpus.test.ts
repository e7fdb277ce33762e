/** skiff gpus against the real api-server, with the objects the agent, scheduler and claim controller write. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { addClaim, addNode, addPod, addSlice, clientFor, podRef } from '../gpus/test-cluster.ts';
import { cli } from '../test/harness.ts';

let server: TestServer;
const k = (args: string[]) => cli(server.kubeconfigPath, args);

beforeAll(async () => {
  server = await startTestServer();
  const c = clientFor(server);
  await addNode(c, { name: 'gpu-a', gpus: 2, gpuHealthy: { status: 'True', reason: 'AllGPUsHealthy', message: '2 GPU device(s) published' } });
  await addSlice(c, 'gpu-a', [{ name: 'gpu-1', index: 1, uuid: 'GPU-aaaa0001-0000-0000-0000-000000000000' }, { name: 'gpu-0', index: 0, uuid: 'GPU-aaaa0000-0000-0000-0000-000000000000' }]);
  // gpu-b: simulated, one card published, the other named unhealthy by the agent.
  await addNode(c, { name: 'gpu-b', gpus: 1, simulated: true, gpuHealthy: { status: 'False', reason: 'GpuXidError', message: 'GPU GPU-bbbb0001-0000-0000-0000-000000000000 is unhealthy: GpuXidError' } });
  await addSlice(c, 'gpu-b', [{ name: 'gpu-0', index: 0, uuid: 'GPU-bbbb0000-0000-0000-0000-000000000000', model: 'NVIDIA GeForce RTX 4090', memory: '24564Mi', simulated: true }]);
  // gpu-c: counted in capacity, no slice (agent did not publish it), and not Ready.
  await addNode(c, { name: 'gpu-c', gpus: 1, ready: false });
  await addNode(c, { name: 'cpu-only' });

  const train = await addPod(c, { name: 'train', namespace: 'default', node: 'gpu-a', claims: [{ name: 'gpu', claimName: 'train-gpu' }], status: { phase: 'Running' } });
  await addClaim(c, { name: 'train-gpu', allocated: ['gpu-a/gpu-0'], reservedFor: [podRef(train)] });
  await addPod(c, { name: 'classic', node: 'gpu-a', gpus: 1, annotations: { 'skiff.dev/gpus': '{"main":["GPU-aaaa0001-0000-0000-0000-000000000000"]}' }, status: { phase: 'Running' } });
  // Finished pods hold nothing, even with the annotation still on them.
  await addPod(c, { name: 'done', node: 'gpu-b', gpus: 1, annotations: { 'skiff.dev/gpus': '{"main":["GPU-bbbb0000-0000-0000-0000-000000000000"]}' }, status: { phase: 'Succeeded' } });
});
afterAll(() => server.close());

describe('skiff gpus', () => {
  it('one row per GPU, sorted by node then index, with holders, health and the simulated marker', async () => {
    const r = await k(['gpus']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => l.split(/\s{2,}/));
    expect(lines).toEqual([
      ['NODE', 'GPU', 'INDEX', 'MODEL', 'MEMORY', 'HEALTH', 'SIMULATED', 'HOLDER'],
      ['gpu-a', 'gpu-0', '0', 'NVIDIA H100 80GB HBM3', '81559Mi', 'Healthy', 'no', 'pod default/train (claim train-gpu)'],
      ['gpu-a', 'gpu-1', '1', 'NVIDIA H100 80GB HBM3', '81559Mi', 'Healthy', 'no', 'pod default/classic (nvidia.com/gpu)'],
      ['gpu-b', 'gpu-0', '0', 'NVIDIA GeForce RTX 4090', '24564Mi', 'Healthy', 'yes', '-'],
      ['gpu-b', '-', '-', '-', '-', 'Unhealthy', 'yes', '-'],
      ['gpu-c', '-', '-', '-', '-', 'Unhealthy', 'no', '-'],
    ]);
  });

  it('-o wide adds the UUID and why a GPU is not healthy', async () => {
    const r = await k(['gpus', '-o', 'wide', '--node', 'gpu-b']);
    const lines = r.stdout.trimEnd().split('\n').map((l) => l.split(/\s{2,}/));
    expect(lines[0]).toEqual(['NODE', 'GPU', 'INDEX', 'MODEL', 'MEMORY', 'HEALTH', 'SIMULATED', 'UUID', 'REASON', 'HOLDER']);
    expect(lines.slice(1).map((l) => [l[7], l[8]])).toEqual([
      ['GPU-bbbb0000-0000-0000-0000-000000000000', '-'],
      ['GPU-bbbb0001-0000-0000-0000-000000000000', 'GpuXidError'],
    ]);
  });

  it('-o json: the same facts, structured', async () => {
    const r = await k(['gpus', '-o', 'json', '--node', 'gpu-a']);
    const items = JSON.parse(r.stdout).items;
    expect(items.map((i: { device: string; holders: unknown[] }) => [i.device, i.holders])).toEqual([
      ['gpu-0', [{ pod: 'default/train', claim: 'default/train-gpu', via: 'claim' }]],
      ['gpu-1', [{ pod: 'default/classic', via: 'nvidia.com/gpu' }]],
    ]);
    expect((await k(['gpus', '-o', 'yaml', '--node', 'gpu-c'])).stdout).toMatch(/reason: NotPublished/);
  });

  it('a node without GPUs, a missing node, a bad output format', async () => {
    expect(await k(['gpus', '--node', 'cpu-only'])).toEqual({ code: 0, stdout: '', stderr: 'No GPUs found on node cpu-only.\n' });
    expect(await k(['gpus', '--node', 'nope'])).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): nodes "nope" not found\n' });
    expect((await k(['gpus', '-o', 'name'])).stderr).toBe('error: unable to match a printer suitable for the output format "name", allowed formats are: wide,json,yaml\n');
  });
});
