/**
 * B6 (performance.md §6): the scheduler with constraints, at 5,000 nodes, in scheduler_perf's
 * shapes, next to upstream's floors (pods/s): required node affinity 220, required pod
 * anti-affinity 60, topology spread 460, preferred pod affinity 90. Target: every floor
 * (baseline), twice every floor (moonshot).
 *
 * Same harness as B5 (one process: the real api-server with SQLite NORMAL and the real
 * scheduler, bindings and Scheduled events batched per turn as in B5): nodes labelled with
 * a zone (10 zones) and their hostname, 1,000 init pods bound round-robin, then the measured
 * pods created pending before the scheduler starts, and bound pods sampled per second.
 *
 *   node scripts/bench/b6-constraints.ts     BENCH_NODES=5000 BENCH_CASES=node-affinity,anti-affinity,spread,preferred-affinity
 */
import type { Pod } from '../../packages/api/src/index.ts';
import { machineLine } from './lib/machine.ts';
import { percentile } from './lib/stats.ts';
import { printTable } from './lib/table.ts';
import { createAll, startBenchCluster } from './lib/scheduler-cluster.ts';
import { makeNode, makePod } from '../../apps/scheduler/src/testing/fixtures.ts';
import { NODES, PODS } from '../../apps/scheduler/src/refs.ts';

const NODE_COUNT = Number(process.env['BENCH_NODES'] ?? 5000);
const INIT = Number(process.env['BENCH_INIT_PODS'] ?? 1000);
const ZONES = 10;

interface Case {
  name: string;
  /** scheduler_perf's workload this follows. */
  upstream: string;
  floor: number;
  measured: number;
  /** The spec fields that make the constraint (merged into the fixture pod's spec). */
  spec: (i: number) => Partial<NonNullable<Pod['spec']>>;
  labels?: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: 'node-affinity',
    upstream: 'SchedulingNodeAffinity/5000Nodes',
    floor: 220,
    measured: 5000,
    // Two zones of ten: 1,000 feasible nodes, the filter runs on all of them.
    spec: () => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['zone-0', 'zone-1'] }] }] } } } }),
  },
  {
    name: 'anti-affinity',
    upstream: 'SchedulingPodAntiAffinity/5000Nodes',
    floor: 60,
    measured: 1000,
    labels: { color: 'green' },
    // One per node: each placement narrows every later one.
    spec: () => ({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { color: 'green' } }, topologyKey: 'kubernetes.io/hostname' }] } } }),
  },
  {
    name: 'spread',
    upstream: 'TopologySpreading/5000Nodes',
    floor: 460,
    measured: 5000,
    labels: { app: 'spread' },
    spec: () => ({ topologySpreadConstraints: [{ maxSkew: 5, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'spread' } } }] }),
  },
  {
    name: 'preferred-affinity',
    upstream: 'SchedulingPreferredPodAffinity/5000Nodes',
    floor: 90,
    measured: 2000,
    labels: { color: 'blue' },
    spec: () => ({ affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { labelSelector: { matchLabels: { color: 'blue' } }, topologyKey: 'kubernetes.io/hostname' } }] } } }),
  },
];

const wanted = (process.env['BENCH_CASES'] ?? CASES.map((c) => c.name).join(',')).split(',');

process.stdout.write(`\n### B6 — scheduler with constraints (scheduler_perf shapes)\n\n${machineLine()}\n`);
process.stdout.write(`\nOne process: api-server (SQLite NORMAL, plain HTTP) + scheduler (default plugins, bindings and events batched per turn, Scheduled events on). ${NODE_COUNT} nodes (4 cpu, 32 Gi, ${ZONES} zones), ${INIT} init pods bound, measured pods created pending before the scheduler starts.\n`);

const rows: (string | number)[][] = [];
for (const k of CASES.filter((c) => wanted.includes(c.name))) {
  const c = await startBenchCluster();
  try {
    await createAll(c.client, NODES, Array.from({ length: NODE_COUNT }, (_, i) => makeNode(`node-${i}`, { cpu: '4', memory: '32Gi', labels: { zone: `zone-${i % ZONES}`, 'kubernetes.io/hostname': `node-${i}` } })));
    await createAll(c.client, PODS, Array.from({ length: INIT }, (_, i) => makePod(`init-${i}`, { cpu: '100m', memory: '128Mi', spec: { nodeName: `node-${i % NODE_COUNT}` } })));
    await createAll(c.client, PODS, Array.from({ length: k.measured }, (_, i) => makePod(`pod-${i}`, { cpu: '100m', memory: '128Mi', ...(k.labels ? { labels: k.labels } : {}), spec: k.spec(i) })));
    const s = await c.startScheduler({ recordScheduledEvents: true });
    const sched = s.scheduler!;
    const tStart = performance.now();
    const perSecond: number[] = [];
    let last = sched.metrics.scheduled;
    while (sched.metrics.scheduled < k.measured) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = sched.metrics.scheduled;
      perSecond.push(now - last);
      last = now;
      if (perSecond.length > 300) break; // a stuck case reports what it bound
    }
    const secs = (performance.now() - tStart) / 1000;
    const avg = sched.metrics.scheduled / secs;
    const full = perSecond.length > 1 ? perSecond.slice(0, -1) : perSecond; // the last interval is partial
    const verdict = avg >= 2 * k.floor ? 'met (≥ 2× floor)' : avg >= k.floor ? 'baseline met (≥ floor), 2× missed' : 'missed';
    rows.push([k.name, k.upstream, `${sched.metrics.scheduled} / ${k.measured}`, Math.round(avg).toLocaleString('en-US'), `${percentile(full, 50)} / ${percentile(full, 90)} / ${percentile(full, 99)}`, `${secs.toFixed(1)} s`, `${k.floor} (2× = ${2 * k.floor})`, verdict]);
  } finally {
    await c.close();
  }
}
printTable(`B6 constraints at ${NODE_COUNT} nodes`, ['case', 'upstream workload', 'bound', 'pods/s average', 'p50 / p90 / p99 per-second samples', 'wall', 'upstream floor', 'target'], rows);
