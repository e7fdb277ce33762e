/**
 * B9 (performance.md §6): pod start overhead over raw Docker, on this machine's engine.
 *
 *   node scripts/bench/b9-pod-start.ts     BENCH_RUNS=3; B9_PODS=20 (sequential); B9_BURST=30
 *
 * Three processes: the api-server (plain HTTP, synchronous=NORMAL), one real node agent
 * (`skiff node-agent`, own node name, Docker over the unix socket) and this one, which POSTs
 * pods with spec.nodeName set and times POST → `Running` seen on its pod informer (a watch).
 * Two agents run side by side: one as shipped (a one-container pod runs as that one container
 * with a fixed address, no sandbox: apps/node-agent/src/pods/pod-network.ts) and one with
 * `--pod-sandbox=always` (every pod gets a sandbox, as pods with several containers do).
 * In the same run, interleaved with the pods so they share the noise, it times the anchors:
 *  - raw:    `create` + `start` of the same image (default bridge), what §4.3 measured;
 *  - raw on the pod network: the same on the `skiff` network with a fixed address, the Docker
 *            work of a pod without a sandbox (a user-defined network costs Docker its embedded
 *            DNS set-up, a dozen iptables runs in the container's namespace, on every start);
 *  - raw×2:  the Docker work of a pod with a sandbox: a sandbox on the `skiff` network, then the
 *            container joined to its network namespace.
 * Overhead = pod − raw (the target: ≤ 50 ms p50, ≤ 100 ms p99 moonshot; ≤ 150/500 baseline);
 * pod − its Docker work is the agent's own cost.
 * Needs Docker and the local images (scripts/images/build-test-images.sh); no registry.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ipToString, parseCidr, type Node, type Pod } from '../../packages/api/src/index.ts';
import { RestClient, SharedInformerFactory } from '../../packages/client/src/index.ts';
import { nodesRef, podsRef } from '../../apps/controller-manager/src/refs.ts';
import { DockerRuntime } from '../../apps/node-agent/src/runtime/docker.ts';
import { RUNS } from './lib/config.ts';
import { machineLine } from './lib/machine.ts';
import { procCpuSeconds, startServerProcess } from './lib/server.ts';
import { fmt, median, summarize } from './lib/stats.ts';
import { printTable } from './lib/table.ts';

const SEQ = Number(process.env['B9_PODS'] ?? 20);
const BURST = Number(process.env['B9_BURST'] ?? 30);
// B9_IMAGE / B9_AGENT_ENTRY: the bundled run on a GPU machine (scripts/gpu/b9-bundle.sh), whose
// local image is gpu-base:local and whose agent is a one-file bundle, not the CLI from source.
const IMAGE = process.env['B9_IMAGE'] ?? 'skiff-test/busybox:1';
const AGENT_ENTRY = process.env['B9_AGENT_ENTRY'];
const SANDBOX = 'skiff-sandbox:1';
const NS = 'default';
const NODE = `b9-${process.pid}`;
const CLI = fileURLToPath(new URL('../../apps/cli/src/main.ts', import.meta.url));

const docker = new DockerRuntime().docker;
const raws: string[] = [];
const now = () => performance.now();

/** create + start of one container; returns ms. The container is removed later, untimed. */
async function rawOne(): Promise<number> {
  const t = now();
  const c = await docker.createContainer({ Image: IMAGE, Cmd: ['sleep', '3600'], Labels: { 'io.skiff.bench': NODE } });
  raws.push(c.id);
  await c.start();
  return now() - t;
}

/**
 * create + start on the pod network with a fixed address: exactly the Docker work of a pod
 * without a sandbox. Addresses come down from the top of the agents' range (the bench's pods
 * take theirs at random from the whole range: a clash is possible but would show as an error).
 */
let netRange: { top: number } | undefined;
let netNext = 0;
async function rawOnPodNetwork(): Promise<number> {
  if (!netRange) {
    const n = await docker.getNetwork('skiff').inspect();
    const r = parseCidr(n.Labels?.['io.skiff.static-range'] ?? '');
    netRange = { top: r.base + r.size - 2 };
  }
  const ip = ipToString(netRange.top - (netNext++ % 200));
  const t = now();
  const c = await docker.createContainer({ Image: IMAGE, Cmd: ['sleep', '3600'], Labels: { 'io.skiff.bench': NODE }, HostConfig: { NetworkMode: 'skiff' }, NetworkingConfig: { EndpointsConfig: { skiff: { IPAMConfig: { IPv4Address: ip } } } } });
  raws.push(c.id);
  await c.start();
  return now() - t;
}

/** The same Docker calls a pod costs: sandbox on the pod network, then a container in its netns. */
async function rawPod(): Promise<number> {
  const t = now();
  const s = await docker.createContainer({ Image: SANDBOX, Labels: { 'io.skiff.bench': NODE }, HostConfig: { NetworkMode: 'skiff' } });
  raws.push(s.id);
  await s.start();
  const c = await docker.createContainer({ Image: IMAGE, Cmd: ['sleep', '3600'], Labels: { 'io.skiff.bench': NODE }, HostConfig: { NetworkMode: `container:${s.id}` } });
  raws.push(c.id);
  await c.start();
  return now() - t;
}

async function removeRaws(): Promise<void> {
  const ids = raws.splice(0);
  for (let i = 0; i < ids.length; i += 10) await Promise.all(ids.slice(i, i + 10).map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
}

const SANDBOXED = `${NODE}-sb`;
const podManifest = (name: string, node: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: NS },
  spec: {
    nodeName: node,
    restartPolicy: 'Never',
    terminationGracePeriodSeconds: 0,
    containers: [{ name: 'main', image: IMAGE, imagePullPolicy: 'Never', command: ['sleep', '3600'] }],
  },
});

interface Run {
  seq: { pod: number[]; podSb: number[]; raw: number[]; rawNet: number[]; raw2: number[] };
  burst: { pod: number[]; podSb: number[]; raw: number[]; rawNet: number[]; raw2: number[]; podWall: number; podSbWall: number; rawWall: number; rawNetWall: number; raw2Wall: number };
  apiCpu: number;
  agentCpu: number;
  agentSbCpu: number;
}

async function once(run: number): Promise<Run> {
  const server = await startServerProcess({ synchronous: 'NORMAL' });
  const client = new RestClient({ server: server.url, token: server.token });
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-b9-'));
  const spawnAgent = (node: string, extra: string[]) =>
    spawn(process.execPath, [...(AGENT_ENTRY ? [AGENT_ENTRY] : [CLI, 'node-agent']), `--server=${server.url}`, `--token=${server.token}`, `--node-name=${node}`, `--data-dir=${join(dataDir, node)}`, '--kubelet-port=0', '--service-proxy=off', ...extra], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, SKIFF_LOG_LEVEL: 'warn' },
    });
  const agent = spawnAgent(NODE, []);
  const agentSb = spawnAgent(SANDBOXED, ['--pod-sandbox=always']);
  const factory = new SharedInformerFactory(client);
  const running = new Map<string, (t: number) => void>();
  const deleted = new Map<string, () => void>();
  const pods = factory.informerFor<Pod>(podsRef, { namespace: NS });
  pods.addEventHandler({
    onAdd: (p) => p.status?.phase === 'Running' && running.get(p.metadata.name!)?.(now()),
    onUpdate: (_o, p) => p.status?.phase === 'Running' && running.get(p.metadata.name!)?.(now()),
    onDelete: (p) => deleted.get(p.metadata.name!)?.(),
  });
  const untilRunning = (name: string) => new Promise<number>((res) => running.set(name, (t) => (running.delete(name), res(t))));
  const untilDeleted = (name: string) => new Promise<void>((res) => deleted.set(name, () => (deleted.delete(name), res())));
  /** POST → Running, in ms; t0 may be shared (a burst). */
  const startPod = async (name: string, node: string, t0 = now()): Promise<number> => {
    const seen = untilRunning(name);
    await client.create(podsRef, podManifest(name, node));
    return (await seen) - t0;
  };
  const deletePods = async (names: string[]): Promise<void> => {
    await Promise.all(names.map(async (n) => {
      const gone = untilDeleted(n);
      await client.delete(podsRef, n, { namespace: NS, gracePeriodSeconds: 0 });
      await gone;
    }));
  };
  try {
    factory.start();
    await factory.waitForSync();
    for (const name of [NODE, SANDBOXED]) {
      for (let i = 0; ; i++) {
        const node = await client.get<Node>(nodesRef, name).catch(() => undefined);
        if (node?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) break;
        if (i > 600) throw new Error(`node ${name} not Ready after 60 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const api0 = procCpuSeconds(server.pid);
    const agent0 = procCpuSeconds(agent.pid!);
    const agentSb0 = procCpuSeconds(agentSb.pid!);
    const seq = { pod: [] as number[], podSb: [] as number[], raw: [] as number[], rawNet: [] as number[], raw2: [] as number[] };
    // Two warm-up rounds (first sandbox network use, code paths compiled), not recorded.
    for (let i = -2; i < SEQ; i++) {
      const r1 = await rawOne();
      const rn = await rawOnPodNetwork();
      const r2 = await rawPod();
      const name = `b9-r${run}-s${i + 2}`;
      const p = await startPod(name, NODE);
      const psb = await startPod(`${name}-sb`, SANDBOXED);
      await deletePods([name, `${name}-sb`]);
      await removeRaws();
      if (i >= 0) seq.raw.push(r1), seq.rawNet.push(rn), seq.raw2.push(r2), seq.pod.push(p), seq.podSb.push(psb);
    }
    const burstOf = async (fn: (t0: number) => Promise<number>[]) => {
      const t0 = now();
      const lat = await Promise.all(fn(t0));
      return { lat, wall: now() - t0 };
    };
    // Each raw call starts its clock when called, i.e. at the common start.
    const rb = await burstOf(() => Array.from({ length: BURST }, () => rawOne()));
    await removeRaws();
    const rnb = await burstOf(() => Array.from({ length: BURST }, () => rawOnPodNetwork()));
    await removeRaws();
    const r2b = await burstOf(() => Array.from({ length: BURST }, () => rawPod()));
    await removeRaws();
    const names = Array.from({ length: BURST }, (_, i) => `b9-r${run}-b${i}`);
    const pb = await burstOf((t0) => names.map((n) => startPod(n, NODE, t0)));
    await deletePods(names);
    const sbNames = names.map((n) => `${n}-sb`);
    const psbb = await burstOf((t0) => sbNames.map((n) => startPod(n, SANDBOXED, t0)));
    await deletePods(sbNames);
    return {
      seq,
      burst: { pod: pb.lat, podSb: psbb.lat, raw: rb.lat, rawNet: rnb.lat, raw2: r2b.lat, podWall: pb.wall, podSbWall: psbb.wall, rawWall: rb.wall, rawNetWall: rnb.wall, raw2Wall: r2b.wall },
      apiCpu: procCpuSeconds(server.pid) - api0,
      agentCpu: procCpuSeconds(agent.pid!) - agent0,
      agentSbCpu: procCpuSeconds(agentSb.pid!) - agentSb0,
    };
  } finally {
    await factory.stop();
    for (const a of [agent, agentSb]) {
      a.kill('SIGTERM');
      await new Promise((r) => a.once('exit', r));
    }
    await removeRaws();
    for (const node of [NODE, SANDBOXED]) {
      const left = await docker.listContainers({ all: true, filters: { label: [`io.skiff.node=${node}`] } });
      await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
    }
    await client.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

process.stdout.write(`\n### B9 — pod start through the node agent vs raw Docker\n\n${machineLine()}\n`);
const runs: Run[] = [];
for (let i = 0; i < RUNS; i++) runs.push(await once(i));
const med = (f: (r: Run) => number) => median(runs.map(f));
const p = (xs: number[], q: 50 | 99) => (q === 50 ? summarize(xs).p50 : summarize(xs).p99);
const diff = (get: (r: Run) => number[], base: (r: Run) => number[], q: 50 | 99) => fmt.ms(med((r) => p(get(r), q) - p(base(r), q)));
const row = (label: string, get: (r: Run) => number[], base?: (r: Run) => number[], own?: (r: Run) => number[]) => [
  label,
  fmt.ms(med((r) => p(get(r), 50))),
  fmt.ms(med((r) => p(get(r), 99))),
  base ? `${diff(get, base, 50)} / ${diff(get, base, 99)}` : '',
  own ? `${diff(get, own, 50)} / ${diff(get, own, 99)}` : '',
  runs.map((r) => fmt.ms(p(get(r), 50))).join(' / '),
];
const heads = ['', 'p50', 'p99', 'overhead vs raw (p50 / p99)', 'vs its Docker work: the agent’s own (p50 / p99)', 'p50 per run'];
printTable(`${SEQ} pods one after another (median of ${RUNS} runs)`, heads, [
  row('raw create+start (default bridge)', (r) => r.seq.raw),
  row('raw on the pod network, fixed address (a one-container pod’s Docker work)', (r) => r.seq.rawNet, (r) => r.seq.raw),
  row('raw×2: sandbox + container (a sandboxed pod’s Docker work)', (r) => r.seq.raw2, (r) => r.seq.raw),
  row('pod POST → Running (watch), as shipped: no sandbox', (r) => r.seq.pod, (r) => r.seq.raw, (r) => r.seq.rawNet),
  row('pod POST → Running, --pod-sandbox=always', (r) => r.seq.podSb, (r) => r.seq.raw, (r) => r.seq.raw2),
]);
printTable(`${BURST} at once (latency from the common start; median of ${RUNS} runs)`, [...heads, 'all running (wall)'], [
  [...row('raw create+start', (r) => r.burst.raw), fmt.ms(med((r) => r.burst.rawWall))],
  [...row('raw on the pod network, fixed address', (r) => r.burst.rawNet, (r) => r.burst.raw), fmt.ms(med((r) => r.burst.rawNetWall))],
  [...row('raw×2: sandbox + container', (r) => r.burst.raw2, (r) => r.burst.raw), fmt.ms(med((r) => r.burst.raw2Wall))],
  [...row('pod POST → Running, as shipped', (r) => r.burst.pod, (r) => r.burst.raw, (r) => r.burst.rawNet), fmt.ms(med((r) => r.burst.podWall))],
  [...row('pod POST → Running, --pod-sandbox=always', (r) => r.burst.podSb, (r) => r.burst.raw, (r) => r.burst.raw2), fmt.ms(med((r) => r.burst.podSbWall))],
], [
  `CPU per run (median): api-server ${med((r) => r.apiCpu).toFixed(2)} s, node agent ${med((r) => r.agentCpu).toFixed(2)} s, sandboxed agent ${med((r) => r.agentSbCpu).toFixed(2)} s. ` +
    `Targets: overhead ≤ 50 ms p50 / ≤ 100 ms p99 (moonshot), ` +
    `≤ 150 / 500 ms (baseline); ${BURST} pods all Running ≤ 10 s.`,
]);
