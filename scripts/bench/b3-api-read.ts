/**
 * B3 (performance.md §6): API reads, served from the watch cache.
 * - GET one pod by name (random among the seeded pods), 10 in flight: req/s, p50/p99.
 * - LIST 10,000 pods, unpaginated (an informer's relist), one at a time: as JSON, and with the
 *   Table Accept header kubectl sends; 2 warm-ups, then LIST_RUNS (default 20) timed: p50/p99.
 * - With --large: LIST 150,000 pods (the cluster limit) LARGE_RUNS (default 3) times; seeding
 *   150k pods through the API takes about a minute on 2 cores.
 *
 *   node scripts/bench/b3-api-read.ts [--large]     BENCH_RUNS=3 BENCH_SECONDS=3 LIST_RUNS=20
 *
 * Pods are seeded through POST (50 in flight) so they are stored exactly as the API stores them.
 * Targets (moonshot): GET ≥ 25k/s; LIST 10k ≤ 100 ms; LIST 150k ≤ 2 s. Baseline: GET ≥ 10k/s at
 * p99 ≤ 5 ms; LIST 10k p99 ≤ 500 ms.
 */
import { closedLoop, once, sendAll, sequential } from './lib/load.ts';
import { machineLine } from './lib/machine.ts';
import { BENCH_NS, namespaceJson, podJson } from './lib/pod.ts';
import { flag, RUNS, SECONDS, WARMUP_MS } from './lib/config.ts';
import { selfCpuSeconds, startServerProcess } from './lib/server.ts';
import { fmt, medianOf, summarize } from './lib/stats.ts';
import { printTable } from './lib/table.ts';

const LIST_RUNS = Number(process.env['LIST_RUNS'] ?? 20);
const LARGE_RUNS = Number(process.env['LARGE_RUNS'] ?? 3);
const N = 10_000;
const LARGE = 150_000;
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const name = (i: number): string => `web-7d9f8b6c5d-${String(i).padStart(6, '0')}`;
const podsPath = `/api/v1/namespaces/${BENCH_NS}/pods`;

process.stdout.write(`\n### B3 — API reads (GET one pod, LIST 10k${flag('large') ? ' and 150k' : ''})\n\n${machineLine()}\n`);

const server = await startServerProcess({ synchronous: 'NORMAL' });
const rows: (string | number)[][] = [];
try {
  const ns = await once(server.url, server.token, { method: 'POST', path: '/api/v1/namespaces', body: namespaceJson() });
  if (ns.status !== 201) throw new Error(`creating namespace: ${ns.status} ${ns.body}`);
  const seedRate = await sendAll(server.url, server.token, N, 50, (i) => ({ method: 'POST', path: podsPath, body: podJson(name(i)) }));
  const check = await once(server.url, server.token, { method: 'GET', path: podsPath });
  const count = (JSON.parse(check.body) as { items: unknown[] }).items.length;
  if (count !== N) throw new Error(`LIST returned ${count} pods, expected ${N}`);
  process.stdout.write(`\nSeeded ${N.toLocaleString('en-US')} pods through POST at ${fmt.rate(seedRate)}/s (synchronous=NORMAL). GET: ${RUNS} runs of ${SECONDS} s, median run. LIST: 2 warm-ups, then ${LIST_RUNS} sequential.\n`);

  // GET one pod, 10 in flight
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % N;
  };
  const get = await medianOf(
    RUNS,
    async () => {
      const s0 = server.cpuSeconds();
      const c0 = selfCpuSeconds();
      const r = await closedLoop({ url: server.url, token: server.token, connections: 10, durationMs: SECONDS * 1000, warmupMs: WARMUP_MS, request: () => ({ method: 'GET', path: `${podsPath}/${name(rnd())}` }) });
      const wall = r.seconds + WARMUP_MS / 1000;
      if (r.errors) process.stderr.write(`B3 GET: ${r.errors} errors, e.g. ${r.errorSamples[0]}\n`);
      return { rate: r.rate, lat: r.lat.summary(), bytes: r.bytes / Math.max(1, r.ok), cpu: `${(((server.cpuSeconds() - s0) / wall) * 100).toFixed(0)}% / ${(((selfCpuSeconds() - c0) / wall) * 100).toFixed(0)}%` };
    },
    (r) => r.rate,
  );
  const g = get.median;
  rows.push(['GET one pod, 10 in flight', `${fmt.rate(g.rate)} req/s`, fmt.ms(g.lat.p50), fmt.ms(g.lat.p99), `${Math.round(g.bytes)} B`, g.cpu, g.rate >= 25_000 ? 'met (≥ 25k/s)' : g.rate >= 10_000 && g.lat.p99 <= 5 ? 'baseline only (≥ 10k/s)' : 'missed (≥ 25k/s)', get.runs.map((r) => fmt.rate(r.rate)).join(' / ')]);

  const listCase = async (label: string, path: string, accept: string | undefined, runs: number, warm: number, targetMs: number): Promise<void> => {
    const req = { method: 'GET' as const, path, ...(accept ? { headers: { accept } } : {}) };
    if (warm) await sequential(server.url, server.token, req, warm);
    const s0 = server.cpuSeconds();
    const t0 = performance.now();
    const r = await sequential(server.url, server.token, req, runs);
    const cpu = (server.cpuSeconds() - s0) / ((performance.now() - t0) / 1000);
    const s = summarize(r.lat);
    rows.push([label, `${runs} runs`, fmt.ms(s.p50), fmt.ms(s.p99), `${(r.bytes / 1048576).toFixed(1)} MiB`, `${(cpu * 100).toFixed(0)}% / –`, s.p50 <= targetMs ? `met (≤ ${targetMs} ms)` : `missed (≤ ${targetMs} ms) by ${(s.p50 / targetMs).toFixed(1)}×`, `max ${fmt.ms(s.max)}`]);
  };
  await listCase('LIST 10k pods, JSON', podsPath, undefined, LIST_RUNS, 2, 100);
  await listCase('LIST 10k pods, Table (kubectl Accept)', podsPath, TABLE_ACCEPT, LIST_RUNS, 2, 100);

  if (flag('large')) {
    const more = await sendAll(server.url, server.token, LARGE - N, 50, (i) => ({ method: 'POST', path: podsPath, body: podJson(name(N + i)) }));
    process.stdout.write(`\n--large: seeded ${(LARGE - N).toLocaleString('en-US')} more pods at ${fmt.rate(more)}/s; server RSS ${fmt.mb(server.rss())}.\n`);
    await listCase('LIST 150k pods, JSON', podsPath, undefined, LARGE_RUNS, 1, 2000);
    await listCase('LIST 150k pods, Table (kubectl Accept)', podsPath, TABLE_ACCEPT, LARGE_RUNS, 0, 2000);
  }
  rows.push(['(server RSS at the end)', fmt.mb(server.rss()), '', '', '', '', '', '']);
} finally {
  await server.stop();
}

printTable('API reads (synchronous=NORMAL; reads do not touch SQLite)', ['case', 'throughput', 'p50', 'p99', 'response', 'CPU server / client', 'target', 'runs'], rows, [
  'LIST targets are judged on p50 (p99 of 20 sequential runs is mostly GC/noise on this box; both are shown).',
]);
