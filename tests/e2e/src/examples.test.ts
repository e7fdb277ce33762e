/**
 * examples/ as a user meets it: every file goes through real kubectl, unchanged, into a whole
 * in-process cluster (tests/e2e/src/lib/cluster.ts), and the workloads reach the state the
 * example's comments promise. Two GPU nodes are added beside the harness's plain node: real
 * node agents whose GPU wiring is the H100 capture (../shared/fixtures/gpu) widened to four
 * cards per node, published as ResourceSlices exactly as `--simulate-gpus` would, with
 * passthrough `env-only` (so the fake runtime's container env shows which GPUs a container got).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject, Pod } from '@skiff/api';
import { isAlreadyExists, RestClient } from '@skiff/client';
import { silentLogger } from '@skiff/logging';
import { startNodeAgent, type GpuWiring, type NodeAgent } from '@skiff/node-agent/agent';
import { classicGpuCount, loadSimulatedGpus, nodeGpuConditions, resourceSliceFor, type GpuInventory } from '@skiff/node-agent/gpu/index';
import { H100 } from '@skiff/node-agent/gpu/test-fixtures';
import { GpuDevices } from '@skiff/node-agent/pods/gpu-devices';
import { RESOURCE_SLICES } from '@skiff/node-agent/refs';
import { FakeRuntime } from '@skiff/node-agent/runtime/fake';
import { FixedFacts } from '@skiff/node-agent/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './lib/cluster.ts';
import { eventually, haveKubectl, kubectlFor, tempDir, type Kubectl } from './lib/kubectl.ts';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');
const ex = (p: string): string => join(EXAMPLES, p);
const IMAGES = ['nginx:1.27', 'busybox:1.36', 'nvidia/cuda:12.6.3-base-ubuntu24.04'];
const GPU_NODES = ['gpu-1', 'gpu-2'];
const GPUS_PER_NODE = 4;

const PODS = { group: '', version: 'v1', plural: 'pods', namespaced: true } as const;
const CLAIMS = { group: 'resource.k8s.io', version: 'v1', plural: 'resourceclaims', namespaced: true } as const;
const SLICES = { group: 'resource.k8s.io', version: 'v1', plural: 'resourceslices', namespaced: false } as const;
const SLICES_EPS = { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', namespaced: true } as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = KubeObject & { metadata: { name: string; uid?: string; annotations?: Record<string, string> }; spec?: any; status?: any };

let cluster: TestCluster;
let kubectl: Kubectl;
const gpuAgents: NodeAgent[] = [];
const gpuRuntimes = new Map<string, FakeRuntime>();

/** The one-H100 capture widened to `n` cards (distinct uuid, index, minor, PCI address), as on an 8-GPU box. */
function widen(inv: GpuInventory, node: number, n: number): GpuInventory {
  const base = inv.devices[0]!;
  const devices = Array.from({ length: n }, (_, i) => ({
    ...base,
    uuid: `${base.uuid.slice(0, -4)}${node}${String(i).padStart(3, '0')}`,
    index: i,
    minor: i,
    pciBusId: `00000000:0${node}:0${i}.0`,
  }));
  return { ...inv, devices };
}

/** What gpu-wiring.ts builds from `--simulate-gpus`, but from an inventory we hand it. */
function simulatedWiring(client: RestClient, nodeName: string, inventory: GpuInventory, pods: () => Pod[]): GpuWiring {
  let published = false;
  return {
    view: () => ({ count: classicGpuCount(inventory), simulated: true, conditions: nodeGpuConditions(inventory) }),
    devices: new GpuDevices({ client, nodeName, inventory, mode: 'env-only', driverLibs: { libs: [] }, pods }),
    async sync() {
      if (published) return;
      await client.create(RESOURCE_SLICES, resourceSliceFor(nodeName, inventory, 1)).catch((e: unknown) => {
        if (!isAlreadyExists(e)) throw e;
      });
      published = true;
    },
  };
}

async function pods(selector: string): Promise<Obj[]> {
  return (await cluster.client.list<Obj>(PODS, { namespace: 'default', labelSelector: selector })).items;
}
const pod = (name: string): Promise<Obj> => cluster.client.get<Obj>(PODS, name, { namespace: 'default' });
const claim = (name: string): Promise<Obj> => cluster.client.get<Obj>(CLAIMS, name, { namespace: 'default' });

/** The GPU UUIDs the agent handed to a pod's containers (env-only passthrough: NVIDIA_VISIBLE_DEVICES). */
function visibleGpus(p: Obj): string[] {
  const rt = gpuRuntimes.get(p.spec.nodeName as string);
  if (!rt) return [];
  const out: string[] = [];
  for (const c of rt.containers.values()) {
    if (!c.spec.name.includes(p.metadata.name) || c.spec.image.includes('pause')) continue;
    const v = c.spec.env.find((e) => e.startsWith('NVIDIA_VISIBLE_DEVICES='))?.slice('NVIDIA_VISIBLE_DEVICES='.length);
    if (v && v !== 'void') out.push(...v.split(','));
  }
  return out;
}

async function apply(path: string, extra: string[] = []): Promise<string> {
  const r = await kubectl(['apply', '-f', ex(path), ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  cluster = await startTestCluster({ nodes: 1, images: IMAGES });
  kubectl = kubectlFor(cluster.server.kubeconfigPath);
  const capture = await loadSimulatedGpus(H100());
  const dataDir = tempDir('skiff-examples-');
  for (const [i, name] of GPU_NODES.entries()) {
    const client = new RestClient({ server: cluster.server.url, token: cluster.server.token, ca: cluster.server.caPem });
    const runtime = new FakeRuntime();
    for (const img of IMAGES) runtime.addImage(img);
    let agent: NodeAgent | undefined;
    const gpu = simulatedWiring(client, name, widen(capture, i + 1, GPUS_PER_NODE), () => agent?.pods.informer.lister.list() ?? []);
    agent = await startNodeAgent({ client, runtime, nodeName: name, dataDir: join(dataDir, name), log: silentLogger('node-agent'), facts: new FixedFacts(), gpu, heartbeatMs: 1_000, resyncMs: 2_000 });
    gpuAgents.push(agent);
    gpuRuntimes.set(name, runtime);
  }
  await eventually(async () => (await cluster.client.list<Obj>(SLICES, {})).items.length === GPU_NODES.length, 20_000);
}, 60_000);

afterAll(async () => {
  for (const a of gpuAgents) await a.stop();
  await cluster?.close();
});

describe.runIf(haveKubectl)('examples/ applied with real kubectl', () => {
  it('every file is accepted unchanged by the server (dry run)', async () => {
    const r = await kubectl(['apply', '--dry-run=server', '-R', '-f', EXAMPLES]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const line of [
      'deployment.apps/web created (server dry run)',
      'service/web created (server dry run)',
      'job.batch/shards created (server dry run)',
      'deviceclass.resource.k8s.io/gpu.nvidia.com created (server dry run)',
      'resourceclaimtemplate.resource.k8s.io/single-gpu created (server dry run)',
      'resourceclaim.resource.k8s.io/two-gpus created (server dry run)',
      'podgroup.scheduling.x-k8s.io/workers created (server dry run)',
      'pod/classic-gpu created (server dry run)',
    ])
      expect(r.stdout).toContain(line);
  });

  it('web/: the Deployment rolls out and the Service\'s EndpointSlice lists every pod', async () => {
    expect(await apply('web/')).toBe('deployment.apps/web created\nservice/web created\n');
    expect((await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s'], { timeoutMs: 70_000 })).stdout).toContain('deployment "web" successfully rolled out');
    const running = await pods('app=web');
    expect(running).toHaveLength(3);
    expect(running.every((p) => p.status?.phase === 'Running' && p.status?.podIP)).toBe(true);
    const ips = running.map((p) => p.status.podIP as string).sort();
    const slice = await eventually(async () => {
      const items = (await cluster.client.list<Obj>(SLICES_EPS, { namespace: 'default', labelSelector: 'kubernetes.io/service-name=web' })).items;
      const got = items.flatMap((s) => ((s as { endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[] }).endpoints ?? []).filter((e) => e.conditions?.ready !== false).flatMap((e) => e.addresses));
      return got.sort().join() === ips.join() ? items[0] : undefined;
    }, 30_000);
    expect((slice as unknown as { ports: { name: string; port: number }[] }).ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    const svc = await kubectl(['get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}']);
    expect(svc.stdout).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  }, 90_000);

  it('indexed-job.yaml: one pod per index, Complete once all exit 0', async () => {
    // The fake runtime exits at once with FAKE_EXIT=0; add it with kubectl patch --local, leaving the file unchanged.
    const patched = await kubectl(['patch', '--local', '-f', ex('indexed-job.yaml'), '--type=json', '-o', 'yaml', '-p', JSON.stringify([{ op: 'add', path: '/spec/template/spec/containers/0/env', value: [{ name: 'FAKE_EXIT', value: '0' }] }])]);
    expect(patched.code).toBe(0);
    expect((await kubectl(['apply', '-f', '-'], { stdin: patched.stdout })).stdout).toBe('job.batch/shards created\n');
    const w = await kubectl(['wait', '--for=condition=complete', 'job/shards', '--timeout=60s'], { timeoutMs: 70_000 });
    expect(w.stdout).toBe('job.batch/shards condition met\n');
    const job = await kubectl(['get', 'job', 'shards', '-o', 'jsonpath={.status.succeeded} {.status.completedIndexes}']);
    expect(job.stdout).toBe('3 0-2');
    const indexes = (await pods('job-name=shards')).map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort();
    expect(indexes).toEqual(['0', '1', '2']);
  }, 90_000);

  it('gpu/single-gpu-claim-template.yaml: a claim is made for the pod, allocated one GPU, and only that GPU is passed', async () => {
    expect(await apply('gpu/single-gpu-claim-template.yaml')).toContain('pod/gpu-hello created');
    // Running and the claim recorded on the pod: the controller-manager records it, possibly
    // just after the scheduler (which finds the claim by its generated name) placed the pod.
    const p = await eventually(async () => {
      const x = await pod('gpu-hello');
      return x.status?.phase === 'Running' && x.status?.resourceClaimStatuses?.length ? x : undefined;
    }, 30_000);
    expect(GPU_NODES).toContain(p.spec.nodeName);
    const claimName = (p.status.resourceClaimStatuses as { name: string; resourceClaimName: string }[]).find((s) => s.name === 'gpu')!.resourceClaimName;
    const c = await claim(claimName);
    const results = c.status.allocation.devices.results as { driver: string; pool: string; device: string }[];
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ driver: 'gpu.nvidia.com', pool: p.spec.nodeName });
    expect(c.status.reservedFor).toEqual([{ resource: 'pods', name: 'gpu-hello', uid: p.metadata.uid }]);
    expect(visibleGpus(p)).toHaveLength(1);
  }, 60_000);

  it('gpu/two-gpus-same-node.yaml: one claim, two GPUs from the node the pod runs on', async () => {
    expect(await apply('gpu/two-gpus-same-node.yaml')).toContain('resourceclaim.resource.k8s.io/two-gpus created');
    const p = await eventually(async () => {
      const x = await pod('two-gpu-trainer');
      return x.status?.phase === 'Running' ? x : undefined;
    }, 30_000);
    const c = await claim('two-gpus');
    const results = c.status.allocation.devices.results as { request: string; pool: string; device: string }[];
    expect(results).toHaveLength(2);
    expect(results.every((r) => r.pool === p.spec.nodeName && r.request === 'gpus')).toBe(true);
    expect(new Set(results.map((r) => r.device)).size).toBe(2);
    expect(new Set(visibleGpus(p)).size).toBe(2);
  }, 60_000);

  it('gpu/gang-of-workers.yaml: all four workers are placed together, each with its own GPU', async () => {
    expect(await apply('gpu/gang-of-workers.yaml')).toContain('podgroup.scheduling.x-k8s.io/workers created');
    const workers = await eventually(async () => {
      const ps = await pods('job-name=workers');
      return ps.length === 4 && ps.every((x) => x.status?.phase === 'Running') ? ps : undefined;
    }, 60_000);
    expect(workers.every((w) => GPU_NODES.includes(w.spec.nodeName))).toBe(true);
    const held = workers.flatMap(visibleGpus);
    expect(held).toHaveLength(4);
    // No GPU is handed to two workers, nor to a worker and an earlier example's pod.
    const earlier = [...(await Promise.all(['gpu-hello', 'two-gpu-trainer'].map(pod)))].flatMap(visibleGpus);
    expect(new Set([...held, ...earlier]).size).toBe(held.length + earlier.length);
  }, 90_000);

  it('gpu/gang-of-workers.yaml: a gang larger than the free GPUs binds nobody', async () => {
    // The same shape as the example, with 3 members while only 1 of the 8 GPUs is free: none may bind.
    const job = `apiVersion: batch/v1
kind: Job
metadata: {name: big-gang}
spec:
  completionMode: Indexed
  completions: 3
  parallelism: 3
  template:
    metadata: {labels: {scheduling.x-k8s.io/pod-group: big-gang}}
    spec:
      restartPolicy: Never
      resourceClaims: [{name: gpu, resourceClaimTemplateName: worker-gpu}]
      containers: [{name: w, image: "busybox:1.36", resources: {claims: [{name: gpu}]}}]
---
apiVersion: scheduling.x-k8s.io/v1alpha1
kind: PodGroup
metadata: {name: big-gang}
spec: {minMember: 3}
`;
    expect((await kubectl(['apply', '-f', '-'], { stdin: job })).code).toBe(0);
    await eventually(async () => (await pods('job-name=big-gang')).length === 3, 30_000);
    await new Promise((r) => setTimeout(r, 3_000));
    const ps = await pods('job-name=big-gang');
    expect(ps.filter((x) => x.spec.nodeName)).toEqual([]);
    expect((await kubectl(['delete', 'job/big-gang', 'podgroups.scheduling.x-k8s.io/big-gang', '--wait=false'])).code).toBe(0);
  }, 60_000);

  it('gpu/classic-nvidia-gpu-limit.yaml: the agent picks one GPU and records it on the pod', async () => {
    expect(await apply('gpu/classic-nvidia-gpu-limit.yaml')).toBe('pod/classic-gpu created\n');
    const p = await eventually(async () => {
      const x = await pod('classic-gpu');
      return x.status?.phase === 'Running' ? x : undefined;
    }, 30_000);
    expect(GPU_NODES).toContain(p.spec.nodeName);
    const recorded = JSON.parse(p.metadata.annotations?.['skiff.dev/gpus'] ?? '{}') as Record<string, string[]>;
    expect(recorded['cuda']).toHaveLength(1);
    expect(visibleGpus(p)).toEqual(recorded['cuda']);
  }, 60_000);

  // By now claims hold 7 of the 8 GPUs, so the classic pod above fits on one node only, and only
  // the GPU no claim holds: the scheduler counts claims against nvidia.com/gpu
  // (apps/scheduler/src/cache/gpu-ledger.ts) and the agent's pick skips claimed GPUs
  // (pods/gpu-devices.ts #classic).
  it('no GPU is handed to two running pods (classic limit and DRA claims together)', async () => {
    const running = (await pods('')).filter((x) => x.status?.phase === 'Running');
    const held = running.flatMap(visibleGpus);
    expect(held.length).toBeGreaterThan(0);
    expect(new Set(held).size).toBe(held.length);
  });
});
