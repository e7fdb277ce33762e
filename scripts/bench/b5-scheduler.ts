/**
 * B5 (performance.md §2, §6): scheduler throughput, SchedulingBasic shape. In one process:
 * the real api-server (SQLite synchronous=NORMAL) and the real scheduler (informers over
 * HTTP watch, default plugins, the bindings and Scheduled events of one event-loop turn in one
 * POST each to Skiff's batch endpoints (/apis/skiff.dev/v1/bindings, /events) —
 * with up to 256 bindings in flight so SQLite group-commits them, Scheduled events on).
 *
 * Per case: N simulated nodes (4 cpu, 32 Gi, 110 pods); 1,000 init pods already bound
 * (round-robin); 10,000 measured pods (100m cpu, 128Mi) created pending BEFORE the
 * scheduler starts (a backlog: the api-server's create path, ~2–3k/s on this box, would
 * otherwise cap the figure); then the scheduler starts and we sample bound pods per second
 * (SchedulingThroughput: average and percentiles, as scheduler_perf) until all are bound.
 * Next to it, in the same run: a plain loop over the same nodes (fit filter + least-
 * allocated score, no API) — the ceiling of the decision logic alone.
 *
 *   node scripts/bench/b5-scheduler.ts      BENCH_NODES=1000,5000 BENCH_PODS=10000 BENCH_EVENTS=1
 */
import { machineLine } from './lib/machine.ts';
import { percentile } from './lib/stats.ts';
import { printTable } from './lib/table.ts';
import { createAll, startBenchCluster } from './lib/scheduler-cluster.ts';
import { makeNode, makePod } from '../../apps/scheduler/src/testing/fixtures.ts';
import { NODES, PODS } from '../../apps/scheduler/src/refs.ts';

const NODE_COUNTS = (process.env['BENCH_NODES'] ?? '1000,5000').split(',').map(Number);
const MEASURED = Number(process.env['BENCH_PODS'] ?? 10_000);
const INIT = Number(process.env['BENCH_INIT_PODS'] ?? 1000);
const EVENTS = process.env['BENCH_EVENTS'] !== '0';
const FLOORS: Record<number, string> = { 5000: '680 (5k nodes, 10k pods) / 810 (50k pods)' };

function plainLoop(nodes: number, pods: number): number {
  const cap = Array.from({ length: nodes }, () => ({ cpu: 4000, mem: 32 * 2 ** 30, used: 0, usedMem: 0, pods: 0 }));
  const t0 = performance.now();
  let start = 0;
  for (let p = 0; p < pods; p++) {
    const want = Math.max(100, Math.floor((nodes * Math.max(5, 50 - nodes / 125)) / 100));
    let best = -1;
    let bestScore = -1;
    let found = 0;
    for (let i = 0; i < nodes && found < want; i++) {
      const n = cap[(start + i) % nodes]!;
      if (n.pods >= 110 || n.cpu - n.used < 100 || n.mem - n.usedMem < 128 * 2 ** 20) continue;
      found++;
      const s = ((n.cpu - n.used - 100) / n.cpu + (n.mem - n.usedMem) / n.mem) * 50;
      if (s > bestScore) {
        bestScore = s;
        best = (start + i) % nodes;
      }
    }
    start = (start + want) % nodes;
    const n = cap[best]!;
    n.used += 100;
    n.usedMem += 128 * 2 ** 20;
    n.pods++;
  }
  return pods / ((performance.now() - t0) / 1000);
}

process.stdout.write(`\n### B5 — scheduler throughput (SchedulingBasic shape)\n\n${machineLine()}\n`);
process.stdout.write(`\nOne process: api-server (SQLite NORMAL, plain HTTP) + scheduler (informers, default plugins, bindings and events batched per turn, ≤ 256 in flight, Scheduled events ${EVENTS ? 'on' : 'off'}). ${INIT} init pods bound, ${MEASURED} measured pods created pending before the scheduler starts.\n`);

const rows: (string | number)[][] = [];
for (const nodes of NODE_COUNTS) {
  const c = await startBenchCluster();
  try {
    await createAll(c.client, NODES, Array.from({ length: nodes }, (_, i) => makeNode(`node-${i}`, { cpu: '4', memory: '32Gi', labels: { zone: `zone-${i % 10}` } })));
    await createAll(c.client, PODS, Array.from({ length: INIT }, (_, i) => makePod(`init-${i}`, { cpu: '100m', memory: '128Mi', spec: { nodeName: `node-${i % nodes}` } })));
    const tc = performance.now();
    await createAll(c.client, PODS, Array.from({ length: MEASURED }, (_, i) => makePod(`pod-${i}`, { cpu: '100m', memory: '128Mi' })));
    const createRate = MEASURED / ((performance.now() - tc) / 1000);

    const t0 = performance.now();
    const s = await c.startScheduler({ recordScheduledEvents: EVENTS });
    const sched = s.scheduler!;
    const syncMs = performance.now() - t0;
    const tStart = performance.now();
    const perSecond: number[] = [];
    let last = sched.metrics.scheduled;
    while (sched.metrics.scheduled < MEASURED) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = sched.metrics.scheduled;
      perSecond.push(now - last);
      last = now;
      if (perSecond.length > 120) break;
    }
    const secs = (performance.now() - tStart) / 1000;
    const avg = sched.metrics.scheduled / secs;
    const full = perSecond.slice(0, -1).length ? perSecond.slice(0, -1) : perSecond; // last interval is partial
    const target = nodes >= 5000 ? (avg >= 3000 ? 'met (≥ 3,000)' : avg >= 800 ? 'baseline met (≥ 800), moonshot 3,000 missed' : 'missed') : avg >= 5000 ? 'met (≥ 5,000)' : avg >= 1500 ? 'baseline met (≥ 1,500), moonshot 5,000 missed' : 'missed';
    rows.push([
      `${nodes} nodes`,
      sched.metrics.scheduled,
      Math.round(avg).toLocaleString('en-US'),
      `${percentile(full, 50)} / ${percentile(full, 90)} / ${percentile(full, 99)}`,
      `${secs.toFixed(1)} s (+${(syncMs / 1000).toFixed(1)} s list/sync)`,
      FLOORS[nodes] ?? '—',
      Math.round(plainLoop(nodes, MEASURED)).toLocaleString('en-US'),
      Math.round(createRate).toLocaleString('en-US'),
      target,
    ]);
  } finally {
    await c.close();
  }
}
printTable(
  'B5 SchedulingBasic (measured pods bound through the api-server)',
  ['case', 'bound', 'pods/s average', 'p50 / p90 / p99 per-second samples', 'wall', 'upstream floor', 'plain JS loop (same nodes, no API)', 'pod creates/s (setup)', 'target'],
  rows,
);
