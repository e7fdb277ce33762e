/**
 * B8 (performance.md §2.4, §6): gang placement, all-or-nothing. In one process: the real
 * api-server (SQLite NORMAL) and the real scheduler. 1,000 simulated nodes with 8
 * nvidia.com/gpu each (some already half used); a scheduler-plugins PodGroup with
 * minMember 64, then its 64 single-GPU pods. Measured:
 *   - gang cycle: the synchronous placement of all 64 members (filter, score, assume,
 *     reserve each, in one cycle);
 *   - enqueued → bound (performance.md's definition): from the last member entering the
 *     scheduler's queue to all bindings committed (binding calls answered by the api-server);
 *   - created → bound: from the last member's create returning (adds the watch delivery).
 * Also a gang of 8 and one of 1,000 (the 8-GPU nodes hold 8,000 GPUs).
 *
 *   node scripts/bench/b8-gang.ts      BENCH_RUNS=3 (median quoted)
 */
import { machineLine } from './lib/machine.ts';
import { printTable } from './lib/table.ts';
import { RUNS } from './lib/config.ts';
import { median } from './lib/stats.ts';
import { createAll, startBenchCluster } from './lib/scheduler-cluster.ts';
import { coschedulingPodGroup, makeNode, makePod } from '../../apps/scheduler/src/testing/fixtures.ts';
import { COSCHEDULING_POD_GROUPS, NODES, PODS } from '../../apps/scheduler/src/refs.ts';

const NODES_N = Number(process.env['BENCH_NODES'] ?? 1000);
const SIZES = (process.env['BENCH_GANGS'] ?? '8,64,1000').split(',').map(Number);

process.stdout.write(`\n### B8 — gang placement (all-or-nothing)\n\n${machineLine()}\n`);
process.stdout.write(`\nOne process: api-server (SQLite NORMAL) + scheduler. ${NODES_N} nodes × 8 nvidia.com/gpu; Coscheduling PodGroup (minMember = gang size); single-GPU pods; ${RUNS} runs per size, median quoted.\n`);

const c = await startBenchCluster();
const rows: (string | number)[][] = [];
try {
  await createAll(c.client, NODES, Array.from({ length: NODES_N }, (_, i) => makeNode(`gpu-${i}`, { cpu: '64', memory: '512Gi', gpus: 8 })));
  const s = await c.startScheduler({ recordScheduledEvents: false });
  const sched = s.scheduler!;
  let seq = 0;
  for (const size of SIZES) {
    const cycle: number[] = [];
    const e2e: number[] = [];
    const enq: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const name = `gang-${size}-${run}`;
      await c.client.create(COSCHEDULING_POD_GROUPS, coschedulingPodGroup(name, size, 'default'));
      const bound0 = sched.metrics.scheduled;
      const target = bound0 + size;
      const done = new Promise<number>((resolve) => {
        const prev = sched.ctx.onBound;
        (sched.ctx as { onBound?: (k: string, n: string) => void }).onBound = (k, n) => {
          prev?.(k, n);
          if (sched.metrics.scheduled >= target) {
            (sched.ctx as { onBound?: unknown }).onBound = prev;
            resolve(performance.now());
          }
        };
      });
      const pods = Array.from({ length: size }, (_, i) => makePod(`${name}-${i}`, { cpu: '1', gpu: 1, gang: { coscheduling: name } }));
      const lastName = pods[pods.length - 1]!.metadata.name;
      let tEnq = Number.NaN;
      const add = sched.queue.add.bind(sched.queue);
      sched.queue.add = (info, ...rest) => {
        if (info.name === lastName) tEnq = performance.now();
        add(info, ...rest);
      };
      await createAll(c.client, PODS, pods.slice(0, -1));
      const t0 = performance.now();
      await c.client.create(PODS, pods[pods.length - 1]!);
      const t1 = await done;
      sched.queue.add = add;
      e2e.push(t1 - t0);
      enq.push(t1 - tEnq);
      cycle.push(sched.metrics.lastGangCycleMs);
      seq++;
    }
    const e = median(enq);
    const target = size === 64 ? (e <= 30 ? 'met (≤ 30 ms)' : e <= 250 ? 'baseline met (≤ 250 ms), moonshot 30 ms missed' : 'missed') : size === 1000 ? (e <= 1000 ? 'met (≤ 1 s)' : 'missed (≤ 1 s)') : '—';
    rows.push([size, `${median(cycle).toFixed(1)} ms`, `${e.toFixed(1)} ms`, enq.map((x) => x.toFixed(0)).join(' / '), `${median(e2e).toFixed(1)} ms`, target]);
  }
  void seq;
} finally {
  await c.close();
}
printTable(`B8 gang placement at ${NODES_N} nodes`, ['gang size', 'gang cycle (placement, sync)', 'last member enqueued → all bound', 'runs (ms)', 'last member created → all bound', 'target'], rows);

// Gangs per second (performance.md: 1,000 gangs × 4): a backlog of small gangs, created
// before the scheduler starts (as B5's backlog), then the time until every member is bound.
const GANGS = Number(process.env['BENCH_GANG_COUNT'] ?? 1000);
if (GANGS > 0) {
  const g = await startBenchCluster();
  try {
    await createAll(g.client, NODES, Array.from({ length: NODES_N }, (_, i) => makeNode(`gpu-${i}`, { cpu: '64', memory: '512Gi', gpus: 8 })));
    await createAll(g.client, COSCHEDULING_POD_GROUPS, Array.from({ length: GANGS }, (_, i) => coschedulingPodGroup(`small-${i}`, 4, 'default')));
    await createAll(g.client, PODS, Array.from({ length: GANGS * 4 }, (_, i) => makePod(`small-${Math.floor(i / 4)}-${i % 4}`, { cpu: '1', gpu: 1, gang: { coscheduling: `small-${Math.floor(i / 4)}` } })));
    const t0 = performance.now();
    const s = await g.startScheduler({ recordScheduledEvents: false });
    const sched = s.scheduler!;
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        if (sched.metrics.scheduled >= GANGS * 4) {
          clearInterval(tick);
          resolve();
        }
      }, 5);
    });
    const secs = (performance.now() - t0) / 1000;
    const rate = GANGS / secs;
    const verdict = rate >= 500 ? 'met (≥ 500 gangs/s)' : rate >= 150 ? 'baseline met (≥ 150 gangs/s), moonshot 500 missed' : 'missed (≥ 150 gangs/s)';
    printTable(`B8 gangs per second at ${NODES_N} nodes`, ['gangs × members', 'all bound (from scheduler start, incl. informer sync)', 'gangs/s', 'gang cycles', 'target'], [[`${GANGS} × 4`, `${(secs * 1000).toFixed(0)} ms`, rate.toFixed(0), sched.metrics.gangCycles, verdict]]);
  } finally {
    await g.close();
  }
}
