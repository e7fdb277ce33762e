/**
 * `pnpm bench [b1 b2 …] [--large]`: runs each benchmark script (b<N>-*.ts in this folder) as its
 * own child process, in order, after printing the commit, machine and runtime versions. Each
 * script prints its own markdown tables (copied into docs/benchmarks.md). Flags after the names
 * are passed through (e.g. --large for B3). BENCH_RUNS / BENCH_SECONDS shorten or lengthen cases.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { machineInfo } from './lib/machine.ts';
import { RUNS, SECONDS } from './lib/config.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
const all = readdirSync(dir)
  .filter((f) => /^b\d+-.*\.ts$/.test(f))
  .sort((a, b) => parseInt(a.slice(1), 10) - parseInt(b.slice(1), 10));
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('--')).map((a) => a.toLowerCase());
const pass = args.filter((a) => a.startsWith('--'));
const chosen = names.length ? all.filter((f) => names.some((n) => f === n || f.startsWith(`${n}-`))) : all;
const unknown = names.filter((n) => !all.some((f) => f === n || f.startsWith(`${n}-`)));
if (unknown.length) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; have ${all.join(', ')}\n`);
  process.exit(2);
}

const m = machineInfo();
process.stdout.write(`# Skiff benchmarks\n\n`);
process.stdout.write(`| | |\n|---|---|\n`);
process.stdout.write(`| date | ${new Date().toISOString()} |\n| commit | ${m.commit}${m.dirty ? ' (uncommitted changes)' : ''} |\n`);
process.stdout.write(`| machine | ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, kernel ${m.kernel} |\n`);
process.stdout.write(`| runtime | Node ${m.node}, SQLite ${m.sqlite} (better-sqlite3 ${m.betterSqlite3}) |\n`);
process.stdout.write(`| load average at start | ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on these 2 cores skews every figure) |\n`);
process.stdout.write(`| settings | BENCH_RUNS=${RUNS}, BENCH_SECONDS=${SECONDS} |\n`);

const failed: string[] = [];
const times: string[] = [];
for (const f of chosen) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(dir, f), ...pass], { stdio: 'inherit', env: process.env });
  const s = ((performance.now() - t0) / 1000).toFixed(0);
  times.push(`${f.split('-')[0]} ${s} s`);
  if (r.status !== 0) {
    failed.push(f);
    process.stderr.write(`\n${f} failed (exit ${r.status ?? r.signal})\n`);
  }
}
process.stdout.write(`\nWall time: ${times.join(', ')}.\n`);
if (failed.length) {
  process.stderr.write(`failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
