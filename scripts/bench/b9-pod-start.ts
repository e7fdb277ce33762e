/**
 * B9 (performance.md §6): pod start overhead over raw Docker, on this machine's engine.
 *
 *   node scripts/bench/b9-pod-start.ts     BENCH_RUNS=3; B9_PODS=20 (sequential); B9_BURST=30
 *
 * Three processes: the api-server (plain HTTP, synchronous=NORMAL), one real node agent
 * (`skiff node-agent`, own node name, Docker over the unix socket) and this one, which POSTs
 * pods with spec.nodeName set and times POST → `Running` seen on its pod informer (a watch).
 * Three agents run side by side (AGENTS): as shipped when run as root (a one-container pod is
 * that one container on Docker's `none` network, and the agent plugs a veth with the pod's
 * fixed address into the pod network: apps/node-agent/src/netwire/veth.ts), with
 * `--pod-veth=off` (the same container on Docker's `skiff` network with a fixed address: what
 * an agent that is not root does), and with `--pod-sandbox=always` (every pod gets a sandbox,
 * as pods with several containers do). Run it as root.
 * In the same run, interleaved with the pods so they share the noise, it times the anchors:
 *  - raw:    `create` + `start` of the same image (default bridge), what §4.3 measured;
 *  - raw on `none`: the same without a network, the Docker work of a wired pod;
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

/** create + start on Docker's `none` network: the Docker work of a pod the agent wires itself. */
async function rawOnNone(): Promise<number> {
  const t = now();
  const c = await docker.createContainer({ Image: IMAGE, Cmd: ['sleep', '3600'], Labels: { 'io.skiff.bench': NODE }, HostConfig: { NetworkMode: 'none' } });
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

/** The agents that run side by side, each with its own node name; all take the same pods. */
const ALL_AGENTS = [
  { key: 'veth', node: NODE, flags: ['--pod-veth=on'], label: 'as shipped (run as root): one container, the agent wires its veth' },
  { key: 'docker', node: `${NODE}-dn`, flags: ['--pod-veth=off'], label: 'one container on Docker’s network, fixed address (--pod-veth=off, or not root)' },
  { key: 'sandbox', node: `${NODE}-sb`, flags: ['--pod-sandbox=always'], label: 'with a sandbox (--pod-sandbox=always; pods with several containers)' },
] as const;
type AgentKey = (typeof ALL_AGENTS)[number]['key'];
// Wiring pods needs root: without it the bench measures the other two and says so.
const AGENTS = process.getuid?.() === 0 ? ALL_AGENTS : ALL_AGENTS.filter((a) => a.key !== 'veth');
if (AGENTS.length < ALL_AGENTS.length) process.stderr.write('b9: not root, so the agent that wires pods itself (--pod-veth=on) is left out\n');
/** The anchors, each timed in the same loop as the pods. */
const ANCHORS = [
  { key: 'raw', fn: rawOne, label: 'raw create+start (default bridge)' },
  { key: 'rawNone', fn: rawOnNone, label: 'raw on the `none` network (a wired pod’s Docker work)' },
  { key: 'rawNet', fn: rawOnPodNetwork, label: 'raw on the pod network, fixed address (an unwired one-container pod’s Docker work)' },
  { key: 'raw2', fn: rawPod, label: 'raw×2: sandbox + container (a sandboxed pod’s Docker work)' },
] as const;
type AnchorKey = (typeof ANCHORS)[number]['key'];
/** Which anchor is each agent's own Docker work. */
const WORK: Record<AgentKey, AnchorKey> = { veth: 'rawNone', docker: 'rawNet', sandbox: 'raw2' };

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

type Series = Record<AgentKey | AnchorKey, number[]>;
interface Run {
  seq: Series;
  burst: Series;
  wall: Record<AgentKey | AnchorKey, number>;
  apiCpu: number;
  agentCpu: Record<AgentKey, number>;
}
const emptySeries = (): Series => Object.fromEntries([...ALL_AGENTS, ...ANCHORS].map((x) => [x.key, []])) as unknown as Series;

async function once(run: number): Promise<Run> {
  const server = await startServerProcess({ synchronous: 'NORMAL' });
  const client = new RestClient({ server: server.url, token: server.token });
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-b9-'));
  const spawnAgent = (node: string, extra: readonly string[]) =>
    spawn(process.execPath, [...(AGENT_ENTRY ? [AGENT_ENTRY] : [CLI, 'node-agent']), `--server=${server.url}`, `--token=${server.token}`, `--node-name=${node}`, `--data-dir=${join(dataDir, node)}`, '--kubelet-port=0', '--service-proxy=off', ...extra], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, SKIFF_LOG_LEVEL: 'warn' },
    });
  const procs = AGENTS.map((a) => spawnAgent(a.node, a.flags));
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
    for (const { node: name } of AGENTS) {
      for (let i = 0; ; i++) {
        const node = await client.get<Node>(nodesRef, name).catch(() => undefined);
        if (node?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) break;
        if (i > 600) throw new Error(`node ${name} not Ready after 60 s (its agent's error is above)`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const api0 = procCpuSeconds(server.pid);
    const cpu0 = procs.map((p) => procCpuSeconds(p.pid!));
    const seq = emptySeries();
    // Two warm-up rounds (first network use, code paths compiled), not recorded.
    for (let i = -2; i < SEQ; i++) {
      const name = `b9-r${run}-s${i + 2}`;
      const got: Array<[AgentKey | AnchorKey, number]> = [];
      for (const a of ANCHORS) got.push([a.key, await a.fn()]);
      for (const a of AGENTS) got.push([a.key, await startPod(`${name}-${a.key}`, a.node)]);
      await deletePods(AGENTS.map((a) => `${name}-${a.key}`));
      await removeRaws();
      if (i >= 0) for (const [k, v] of got) seq[k].push(v);
    }
    const burst = emptySeries();
    const wall = {} as Run['wall'];
    const burstOf = async (key: AgentKey | AnchorKey, fn: (t0: number) => Promise<number>[]) => {
      const t0 = now();
      burst[key] = await Promise.all(fn(t0));
      wall[key] = now() - t0;
    };
    // Each raw call starts its clock when called, i.e. at the common start.
    for (const a of ANCHORS) {
      await burstOf(a.key, () => Array.from({ length: BURST }, () => a.fn()));
      await removeRaws();
    }
    for (const a of AGENTS) {
      const names = Array.from({ length: BURST }, (_, i) => `b9-r${run}-b${i}-${a.key}`);
      await burstOf(a.key, (t0) => names.map((n) => startPod(n, a.node, t0)));
      await deletePods(names);
    }
    return {
      seq,
      burst,
      wall,
      apiCpu: procCpuSeconds(server.pid) - api0,
      agentCpu: Object.fromEntries(AGENTS.map((a, i) => [a.key, procCpuSeconds(procs[i]!.pid!) - cpu0[i]!])) as Run['agentCpu'],
    };
  } finally {
    await factory.stop();
    for (const a of procs) {
      a.kill('SIGTERM');
      await new Promise((r) => a.once('exit', r));
    }
    await removeRaws();
    for (const { node } of AGENTS) {
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
const rows = (part: 'seq' | 'burst', withWall: boolean) => [
  ...ANCHORS.map((a) => [...row(a.label, (r) => r[part][a.key], a.key === 'raw' ? undefined : (r) => r[part].raw), ...(withWall ? [fmt.ms(med((r) => r.wall[a.key]))] : [])]),
  ...AGENTS.map((a) => [...row(`pod POST → Running (watch), ${a.label}`, (r) => r[part][a.key], (r) => r[part].raw, (r) => r[part][WORK[a.key]]), ...(withWall ? [fmt.ms(med((r) => r.wall[a.key]))] : [])]),
];
printTable(`${SEQ} pods one after another (median of ${RUNS} runs)`, heads, rows('seq', false));
printTable(`${BURST} at once (latency from the common start; median of ${RUNS} runs)`, [...heads, 'all running (wall)'], rows('burst', true), [
  `CPU per run (median): api-server ${med((r) => r.apiCpu).toFixed(2)} s, ${AGENTS.map((a) => `agent ${a.key} ${med((r) => r.agentCpu[a.key]).toFixed(2)} s`).join(', ')}. ` +
    `Targets: overhead ≤ 50 ms p50 / ≤ 100 ms p99 (moonshot), ` +
    `≤ 150 / 500 ms (baseline); ${BURST} pods all Running ≤ 10 s.`,
]);
