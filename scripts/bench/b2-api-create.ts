/**
 * B2 (performance.md §6): API create. POST a ~1.5 KiB pod (lib/pod.ts, unique names) through the
 * full path (auth, decode, validation, defaulting, admission, SQLite commit, watch notify) with
 * 10 and 50 requests in flight, under synchronous=NORMAL and FULL; next to it, in the same run, a
 * raw better-sqlite3 single-row autocommit loop with the same value (the anchor).
 *
 *   node scripts/bench/b2-api-create.ts        BENCH_RUNS=3 BENCH_SECONDS=3 (per case, median run)
 *
 * The api-server runs in its own process (lib/server-process.ts); this process is the load
 * generator. Target (moonshot): ≥ 5,000 creates/s at p99 ≤ 10 ms; baseline ≥ 2,000/s at p99 ≤ 50 ms.
 */
import { closedLoop, once } from './lib/load.ts';
import { machineLine } from './lib/machine.ts';
import { BENCH_NS, namespaceJson, podJson } from './lib/pod.ts';
import { rawInsertLoop } from './lib/raw-sqlite.ts';
import { RUNS, SECONDS, WARMUP_MS } from './lib/config.ts';
import { selfCpuSeconds, startServerProcess } from './lib/server.ts';
import { fmt, medianOf, type Summary } from './lib/stats.ts';
import { printTable } from './lib/table.ts';

const SYNCS = ['NORMAL', 'FULL'] as const;
const CONCURRENCY = [10, 50];

interface Run {
  rate: number;
  lat: Summary;
  errors: number;
  serverCpu: number; // cores busy (CPU seconds per second)
  clientCpu: number;
  errorSamples: string[];
}

process.stdout.write(`\n### B2 — API create (POST pod, full path)\n\n${machineLine()}\n`);
process.stdout.write(`\nEach case: ${RUNS} runs of ${SECONDS} s (after ${WARMUP_MS} ms warm-up), median run by creates/s. Pod body ${podJson('web-7d9f8b6c5d-000001').length} B.\n`);

const rows: (string | number)[][] = [];
const rawRows: (string | number)[][] = [];
for (const sync of SYNCS) {
  const raw = await medianOf(RUNS, async () => rawInsertLoop(sync, podJson('web-7d9f8b6c5d-000001'), Math.min(2, SECONDS)), (r) => r.rate);
  const rawRate = raw.median.rate;
  const rl = raw.median.lat.summary();
  rawRows.push([sync, fmt.rate(rawRate), fmt.ms(rl.p50), fmt.ms(rl.p99), fmt.ms(rl.p999), raw.runs.map((r) => fmt.rate(r.rate)).join(' / ')]);

  const server = await startServerProcess({ synchronous: sync });
  try {
    const ns = await once(server.url, server.token, { method: 'POST', path: '/api/v1/namespaces', body: namespaceJson() });
    if (ns.status !== 201 && ns.status !== 409) throw new Error(`creating namespace: ${ns.status} ${ns.body}`);
    for (const c of CONCURRENCY) {
      const res = await medianOf(
        RUNS,
        async (run): Promise<Run> => {
          const prefix = `web-${sync.toLowerCase()}-c${c}-r${run}-`;
          const s0 = server.cpuSeconds();
          const c0 = selfCpuSeconds();
          const r = await closedLoop({
            url: server.url,
            token: server.token,
            connections: c,
            durationMs: SECONDS * 1000,
            warmupMs: WARMUP_MS,
            request: (i) => ({ method: 'POST', path: `/api/v1/namespaces/${BENCH_NS}/pods`, body: podJson(prefix + String(i).padStart(6, '0')) }),
          });
          const wall = r.seconds + WARMUP_MS / 1000;
          return {
            rate: r.rate,
            lat: r.lat.summary(),
            errors: r.errors,
            serverCpu: (server.cpuSeconds() - s0) / wall,
            clientCpu: (selfCpuSeconds() - c0) / wall,
            errorSamples: r.errorSamples,
          };
        },
        (r) => r.rate,
      );
      const m = res.median;
      if (m.errorSamples.length) process.stderr.write(`B2 ${sync} c=${c}: ${m.errors} errors, e.g. ${m.errorSamples[0]}\n`);
      const met = m.rate >= 5000 && m.lat.p99 <= 10 ? 'met' : m.rate >= 2000 && m.lat.p99 <= 50 ? 'baseline only' : 'missed';
      rows.push([
        sync,
        c,
        fmt.rate(m.rate),
        fmt.ms(m.lat.p50),
        fmt.ms(m.lat.p99),
        fmt.ms(m.lat.p999),
        m.errors,
        `${(m.serverCpu * 100).toFixed(0)}% / ${(m.clientCpu * 100).toFixed(0)}%`,
        fmt.ratio(m.rate / rawRate),
        met,
        res.runs.map((r) => fmt.rate(r.rate)).join(' / '),
      ]);
    }
  } finally {
    await server.stop();
  }
}

printTable(
  'API create (POST /api/v1/namespaces/bench/pods)',
  ['synchronous', 'in flight', 'creates/s', 'p50', 'p99', 'p99.9', 'errors', 'CPU server / client', 'vs raw insert', 'target ≥5k/s @ p99≤10ms', 'runs (creates/s)'],
  rows,
);
printTable('Anchor: raw better-sqlite3 single-row autocommit INSERT, same value, in process', ['synchronous', 'commits/s', 'p50', 'p99', 'p99.9', 'runs'], rawRows, [
  'CPU is CPU-seconds per wall second (100% = one core) for the api-server process and this load-generator process.',
]);
