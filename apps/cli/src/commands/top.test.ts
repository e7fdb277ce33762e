/**
 * `skiff top` against REAL kubectl 1.32 `top`, both reading the same real api-server (TLS,
 * SQLite) whose metrics.k8s.io fans out to two real node agents: kubelet port + resource
 * sampler + pod manager on the fake runtime (pods script their CPU and memory through
 * FAKE_CPU_MILLICORES / FAKE_MEMORY_BYTES), host counters scripted at 1.5 cores and 3 GiB.
 * `gpu-1` has the real H100 capture with the hand-made usage CSV (87 %, 40960 MiB) fed
 * through the capture runner, and a pod holding that GPU; `gone-1` is a Node with no agent.
 *
 * Where no GPU is listed, skiff's stdout, stderr and exit code are kubectl's exactly; where
 * one is, every kubectl line is the start of skiff's (the GPU columns follow).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuantity, type Pod } from '@skiff/api';
import { RestClient } from '@skiff/client';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import { startNodeAgent, type GpuWiring, type NodeAgent } from '../../../node-agent/src/agent.ts';
import { captureRunner } from '../../../node-agent/src/gpu/capture-runner.ts';
import { discoverGpus } from '../../../node-agent/src/gpu/discover.ts';
import { H100, testdata } from '../../../node-agent/src/gpu/test-fixtures.ts';
import type { StaticFacts } from '../../../node-agent/src/node/facts.ts';
import { GpuDevices } from '../../../node-agent/src/pods/gpu-devices.ts';
import { FakeRuntime } from '../../../node-agent/src/runtime/fake.ts';
import type { ExecDriver } from '../../../node-agent/src/runtime/exec.ts';
import type { LogSource } from '../../../node-agent/src/runtime/logs.ts';
import { endpointAnnotations, startAgentServer, tokenAuth, type AgentServer } from '../../../node-agent/src/server/index.ts';
import { smiUsage } from '../../../node-agent/src/stats/gpu-usage.ts';
import { ResourceSampler } from '../../../node-agent/src/stats/sampler.ts';
import { eventually, FixedFacts, STATIC_FACTS } from '../../../node-agent/src/test-support.ts';
import { baseEnv, cli, KUBECTL, spawnRun, type Result } from '../test/harness.ts';

const NODES = { group: '', version: 'v1', plural: 'nodes', namespaced: false };
const PODS = { group: '', version: 'v1', plural: 'pods', namespaced: true };
const NAMESPACES = { group: '', version: 'v1', plural: 'namespaces', namespaced: false };

class LoopbackFacts extends FixedFacts {
  override async static(): Promise<StaticFacts> {
    return { ...STATIC_FACTS, internalIP: '127.0.0.1' };
  }
}

const unused = (() => {
  throw new Error('not used here');
}) as unknown as LogSource & ExecDriver;

let server: TestServer;
let client: RestClient;
let env: Record<string, string | undefined>;
const runtime = new FakeRuntime();
const stacks: Array<{ agent: NodeAgent; kubelet: AgentServer; sampler: ResourceSampler }> = [];
const dirs: string[] = [];

const k = (args: string[]): Promise<Result> => cli(server.kubeconfigPath, args);
const kubectl = (args: string[]): Promise<Result> => spawnRun(KUBECTL, ['--kubeconfig', server.kubeconfigPath, ...args], env);

async function startNode(nodeName: string, gpu: boolean): Promise<void> {
  let agent: NodeAgent | undefined;
  const pods = (): Pod[] => agent?.pods.informer.lister.list() ?? [];
  let wiring: GpuWiring | undefined;
  let gpus;
  if (gpu) {
    const runner = captureRunner(testdata('h100-busy'), H100());
    const inventory = await discoverGpus(runner);
    const devices = new GpuDevices({ client, nodeName, inventory, mode: 'env-only', driverLibs: { libs: [] }, pods });
    wiring = { view: () => ({ count: 1, simulated: false, conditions: [] }), devices };
    gpus = smiUsage({ runner, inventory, holders: () => devices.holders() });
  }
  // 1.5 cores busy and 3 GiB in use, whenever it is read.
  // One clock reading for both (two Date.now() calls a millisecond apart made it 1501m in CI),
  // counted from the start: epoch ms × 1.5e6 is past 2^53, where doubles drop nanoseconds.
  const t0 = Date.now();
  const host = {
    read: async () => {
      const now = Date.now();
      return { cpuUsageNanoSeconds: (now - t0) * 1.5e6, memoryWorkingSetBytes: 3 * 2 ** 30, readAt: now };
    },
  };
  const sampler = new ResourceSampler({ nodeName, runtime, host, gpus });
  const kubelet = await startAgentServer({ nodeName, runtime, logs: unused, exec: unused, auth: tokenAuth({ tokens: [], review: client }), log: silentLogger(), port: 0, host: '127.0.0.1', stats: () => sampler.latest() });
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-top-'));
  dirs.push(dataDir);
  agent = await startNodeAgent({ client, runtime, nodeName, dataDir, log: silentLogger(), facts: new LoopbackFacts(), resyncMs: 100, ...(wiring ? { gpu: wiring } : {}), kubelet: { port: kubelet.port, annotations: endpointAnnotations(kubelet.fingerprint) } });
  stacks.push({ agent, kubelet, sampler });
}

/** Containers as [name, millicores, MiB, GPUs]. */
async function runPod(namespace: string, name: string, node: string, labels: Record<string, string>, containers: Array<[string, number, number, number?]>): Promise<void> {
  await client.create(PODS, {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels },
    spec: {
      nodeName: node,
      containers: containers.map(([c, millicores, mib, gpus]) => ({
        name: c, image: 'app:1',
        env: [{ name: 'FAKE_CPU_MILLICORES', value: String(millicores) }, { name: 'FAKE_MEMORY_BYTES', value: String(mib * 2 ** 20) }],
        ...(gpus ? { resources: { limits: { 'nvidia.com/gpu': String(gpus) } } } : {}),
      })),
    },
  } as never, { namespace });
}

beforeAll(async () => {
  server = await startTestServer({ tls: true });
  env = { ...baseEnv(server.kubeconfigPath), KUBECACHEDIR: `${baseEnv(undefined)['HOME']}/cache` };
  client = new RestClient({ server: server.url, token: server.token, ca: server.caPem });
  runtime.addImage('app:1');
  for (const ns of ['team', 'ml', 'quiet', 'waiting']) await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } as never);
  await startNode('cpu-1', false);
  await startNode('gpu-1', true);
  await client.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'gone-1', labels: { tier: 'cpu' } }, status: { capacity: { cpu: '2', memory: '4Gi' }, allocatable: { cpu: '2', memory: '4Gi' } } } as never);
  await client.patch(NODES, 'cpu-1', 'merge', { metadata: { labels: { tier: 'cpu' } } });
  await runPod('default', 'web', 'cpu-1', { app: 'web' }, [['main', 250, 64], ['sidecar', 5, 8]]);
  await runPod('default', 'db', 'cpu-1', { app: 'db' }, [['db', 120.5, 700]]);
  await runPod('default', 'a-much-longer-pod-name', 'cpu-1', { app: 'web' }, [['main', 1, 3]]);
  await runPod('team', 'api', 'cpu-1', { app: 'api' }, [['main', 40, 128]]);
  await runPod('ml', 'train', 'gpu-1', { app: 'train' }, [['trainer', 1900, 4096, 1], ['logger', 3, 20]]);
  // Never runs (no node): its metrics can never come, and it is younger than two minutes.
  await client.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pending', namespace: 'waiting' }, spec: { containers: [{ name: 'main', image: 'app:1' }] } } as never, { namespace: 'waiting' });
  for (const [ns, name] of [['default', 'web'], ['default', 'db'], ['default', 'a-much-longer-pod-name'], ['team', 'api'], ['ml', 'train']]) {
    await eventually(async () => (await client.get<Pod>(PODS, name!, { namespace: ns })).status?.phase === 'Running', 20_000, `${ns}/${name} Running`);
  }
  await eventually(async () => (await client.get<Pod>(PODS, 'train', { namespace: 'ml' })).metadata.annotations?.['skiff.dev/gpus'], 10_000, 'the GPU picked for ml/train');
  for (const s of stacks) await s.sampler.sampleNow();
  await new Promise((r) => setTimeout(r, 50));
  for (const s of stacks) await s.sampler.sampleNow();
}, 120_000);

afterAll(async () => {
  for (const s of stacks) {
    await s.agent.stop();
    await s.kubelet.close();
  }
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('skiff top = kubectl top where no GPU is listed', () => {
  it.each([
    ['top', 'node', '-l', 'tier=cpu'],
    ['top', 'nodes', '-l', 'tier=cpu', '--no-headers'],
    ['top', 'no', '-l', 'tier=cpu', '--sort-by=memory'],
    ['top', 'node', '-l', 'tier=cpu', '--show-capacity'],
    ['top', 'node', 'cpu-1'],
    ['top', 'node', 'gone-1'],
    ['top', 'node', 'nope'],
    ['top', 'node', '-l', 'tier=none'],
    ['top', 'node', 'a', 'b'],
    ['top', 'node', 'cpu-1', '-l', 'tier=cpu'],
    ['top', 'node', '--sort-by=disk'],
    ['top', 'pod'],
    ['top', 'pods', '--containers'],
    ['top', 'po', '--sort-by=cpu'],
    ['top', 'pod', '--sort-by=memory', '--containers'],
    ['top', 'pod', '-l', 'app=web'],
    ['top', 'pod', '--field-selector', 'metadata.name=db'],
    ['top', 'pod', 'web'],
    ['top', 'pod', 'web', '--containers', '--no-headers'],
    ['top', 'pod', 'nope'],
    ['top', 'pod', '--sum'],
    ['top', 'pod', '--sum', '--containers'],
    ['top', 'pod', '--sum', '--containers', '--no-headers'],
    ['top', 'pod', '-n', 'team'],
    ['top', 'pod', '-n', 'quiet'],
    ['top', 'pod', '-n', 'waiting'],
    ['top', 'pod', 'web', '-l', 'app=web'],
    ['top', 'pod', 'a', 'b'],
  ].map((a) => [a.join(' '), a] as const))('%s', async (_line, args) => {
    const [ours, theirs] = await Promise.all([k(args), kubectl(args)]);
    expect(ours.stdout).toBe(theirs.stdout.replaceAll("'kubectl top", "'skiff top"));
    expect(ours.stderr).toBe(theirs.stderr.replaceAll("'kubectl top", "'skiff top"));
    expect(ours.code).toBe(theirs.code);
  });

  it('the numbers are the agents\' (not just the same on both sides)', async () => {
    expect((await k(['top', 'pod', '--containers'])).stdout).toBe(
      [
        'POD                      NAME      CPU(cores)   MEMORY(bytes)   ',
        'a-much-longer-pod-name   main      1m           3Mi             ',
        'db                       db        121m         700Mi           ',
        'web                      main      250m         64Mi            ',
        'web                      sidecar   5m           8Mi             ',
        '',
      ].join('\n'),
    );
    const cpu1 = (await k(['top', 'node', 'cpu-1', '--no-headers'])).stdout;
    expect(cpu1).toMatch(/^cpu-1 +1500m +37% +3072Mi +\d+% +\n$/);
  });
});

describe('kubectl get on the metrics kinds', () => {
  it('prints metrics-server’s columns (NAME, CPU, MEMORY, WINDOW), a pod’s usage summed over its containers', async () => {
    const nodes = await kubectl(['get', 'nodes.metrics.k8s.io', 'cpu-1']);
    expect(nodes.code, nodes.stderr).toBe(0);
    expect(nodes.stdout).toMatch(/^NAME +CPU +MEMORY +WINDOW\ncpu-1 +1500m +3Gi +[\d.]+m?s\n$/);
    const pods = await kubectl(['get', 'pods.metrics.k8s.io', 'web']);
    expect(pods.code, pods.stderr).toBe(0);
    const [, row] = pods.stdout.split('\n');
    const [name, cpu] = row!.trim().split(/\s+/);
    expect(name).toBe('web');
    // main 250m + sidecar 5m.
    expect(Math.round(parseQuantity(cpu!).toNumber() * 1000)).toBe(255);
  });
});

describe('GPU columns and the per-GPU view', () => {
  it('top nodes: kubectl\'s line, then GPUS, GPU(util), GPU-MEM; an agentless node is <unknown>', async () => {
    const [ours, theirs] = await Promise.all([k(['top', 'nodes']), kubectl(['top', 'nodes'])]);
    expect(theirs.code).toBe(0);
    const mine = ours.stdout.split('\n');
    const kube = theirs.stdout.split('\n');
    expect(mine).toHaveLength(kube.length);
    kube.forEach((line, i) => expect(mine[i]!.startsWith(line)).toBe(true));
    const cells = (name: string) => mine.find((l) => l.startsWith(`${name} `))!.trim().split(/\s+/);
    expect(mine[0]!.trim().split(/\s+/).slice(5)).toEqual(['GPUS', 'GPU(util)', 'GPU-MEM']);
    expect(cells('gpu-1').slice(5)).toEqual(['1', '87%', '40960Mi/81559Mi']);
    expect(cells('cpu-1').slice(5)).toEqual(['0', '-', '-']);
    expect(cells('gone-1').slice(1)).toEqual(Array(7).fill('<unknown>'));
  });

  it('top pods -A: the pod holding the GPU shows it; kubectl\'s part unchanged', async () => {
    const [ours, theirs] = await Promise.all([k(['top', 'pods', '-A']), kubectl(['top', 'pods', '-A'])]);
    const mine = ours.stdout.split('\n');
    theirs.stdout.split('\n').forEach((line, i) => expect(mine[i]!.startsWith(line)).toBe(true));
    expect(mine.find((l) => l.startsWith('ml '))!.trim().split(/\s+/)).toEqual(['ml', 'train', '1903m', '4116Mi', '1', '87%', '40960Mi/81559Mi']);
    expect(mine.find((l) => l.startsWith('team '))!.trim().split(/\s+/).slice(4)).toEqual(['0', '-', '-']);
    const containers = (await k(['top', 'pods', '-n', 'ml', '--containers'])).stdout;
    expect(containers).toMatch(/^train +logger +3m +20Mi +0 +- +- +\n/m);
    expect(containers).toMatch(/^train +trainer +1900m +4096Mi +1 +87% +40960Mi\/81559Mi +\n/m);
  });

  it('top nodes --gpus: one row per GPU with its holder', async () => {
    expect(await k(['top', 'nodes', '--gpus'])).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'NODE    INDEX   MODEL                   UTIL   MEMORY            SIMULATED   HOLDER',
        'gpu-1   0       NVIDIA H100 80GB HBM3   87%    40960Mi/81559Mi   no          ml/train (trainer)',
        '',
      ].join('\n'),
    });
  });
});
