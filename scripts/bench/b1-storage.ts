/**
 * B1 (docs: performance.md §6): raw better-sqlite3 next to @skiff/storage on the same disk.
 *
 *   node scripts/bench/b1-storage.ts            (ROWS=20000 B1_DIR=/some/disk to override)
 *
 * Cases, each under synchronous=NORMAL and FULL (WAL), 1 KiB values:
 * - raw autocommit: one INSERT per transaction (the anchor for per-write commits);
 * - raw batch 100: 100 INSERTs per transaction (the anchor for group commit);
 * - Store.create, one transaction per write (groupCommit: false), 1 and 64 writes in flight;
 * - Store.create, group commit (the default), 1 and 64 writes in flight.
 * Latency is per operation (per row; for raw batches, the batch's commit time). Then a 10k-row
 * list: Store.list from memory next to a raw SQLite prefix range read.
 * This is an in-process storage benchmark: there is no client process to separate (B2 has one).
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../packages/storage/src/index.ts';
import type { Synchronous } from '../../packages/storage/src/index.ts';
// better-sqlite3 resolves from packages/storage only; its opener gives the raw cases the same pragmas.
import { openDatabase } from '../../packages/storage/src/sqlite/schema.ts';

const ROWS = Number(process.env['ROWS'] ?? 20_000);
const dir = mkdtempSync(join(process.env['B1_DIR'] ?? tmpdir(), 'skiff-b1-'));
let fileNo = 0;
const freshPath = (): string => join(dir, `b${fileNo++}.db`);

interface Result {
  name: string;
  sync: Synchronous;
  ops: number;
  seconds: number;
  lat: number[]; // ms
}
const results: Result[] = [];

/** A ~1 KiB pod. */
function pod(i: number): { apiVersion: string; kind: string; metadata: { name: string; namespace: string; labels: Record<string, string> }; spec: unknown } {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p${i}`, namespace: 'bench', labels: { app: 'bench', shard: String(i % 16) } },
    spec: { nodeName: `node-${i % 100}`, containers: [{ name: 'main', image: 'registry.local/bench:1.0', args: ['x'.repeat(780)] }] },
  };
}
const VALUE = JSON.stringify(pod(0));

function rawInsert(sync: Synchronous, batch: number): void {
  const db = openDatabase(freshPath(), { synchronous: sync });
  const insert = db.prepare('INSERT INTO log (id, key, created, deleted, prev_revision, value) VALUES (?, ?, 1, 0, 0, ?)');
  const tx = db.transaction((from: number) => {
    for (let i = from; i < from + batch; i++) insert.run(i + 1, `/core/pods/bench/p${i}`, VALUE);
  });
  const lat: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < ROWS; i += batch) {
    const s = performance.now();
    if (batch === 1) insert.run(i + 1, `/core/pods/bench/p${i}`, VALUE);
    else tx(i);
    const d = performance.now() - s;
    for (let k = 0; k < batch; k++) lat.push(d);
  }
  results.push({ name: batch === 1 ? 'raw autocommit insert' : `raw ${batch}-row transactions`, sync, ops: ROWS, seconds: (performance.now() - t0) / 1000, lat });
  db.close();
}

async function storeCreate(sync: Synchronous, groupCommit: boolean, inFlight: number): Promise<void> {
  const store = openSqliteStore(freshPath(), { synchronous: sync, groupCommit });
  const lat: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ROWS) {
      const i = next++;
      const s = performance.now();
      await store.create(`/core/pods/bench/p${i}`, pod(i));
      lat.push(performance.now() - s);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const name = `Store.create, ${groupCommit ? 'group commit' : 'txn per write'}, ${inFlight} in flight`;
  results.push({ name, sync, ops: ROWS, seconds: (performance.now() - t0) / 1000, lat });
  await store.close();
}

async function listCase(): Promise<void> {
  const path = freshPath();
  const store = openSqliteStore(path);
  await Promise.all(Array.from({ length: 10_000 }, (_, i) => store.create(`/core/pods/bench/p${i}`, pod(i))));
  for (let i = 0; i < 5_000; i++) void store.create(`/core/pods/other/p${i}`, pod(i)); // noise in other buckets
  await store.create('/core/pods/zz/last', pod(0));
  const lat: number[] = [];
  const reps = 50;
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) {
    if (r % 2 === 1) await store.create(`/core/pods/bench/q${r}`, pod(r)); // lists after writes re-sort
    const s = performance.now();
    const n = store.list('/core/pods/bench/').items.length;
    lat.push(performance.now() - s);
    if (n < 10_000) throw new Error(`list returned ${n}`);
  }
  results.push({ name: 'Store.list 10k of 15k (memory)', sync: 'NORMAL', ops: reps, seconds: (performance.now() - t0) / 1000, lat });
  await store.close();
  const db = openDatabase(path);
  const range = db.prepare("SELECT id, key, value FROM log WHERE key >= '/core/pods/bench/' AND key < '/core/pods/bench0' ORDER BY key");
  const rawLat: number[] = [];
  const t1 = performance.now();
  for (let r = 0; r < 10; r++) {
    const s = performance.now();
    range.all();
    rawLat.push(performance.now() - s);
  }
  results.push({ name: 'raw SQLite 10k-row range read (no JSON)', sync: 'NORMAL', ops: 10, seconds: (performance.now() - t1) / 1000, lat: rawLat });
  db.close();
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

function fmtMs(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
}

function report(): void {
  const mem = openDatabase(':memory:');
  const sqlite = (mem.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  mem.close();
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {}
  console.log(`## B1 storage: ${new Date().toISOString()}`);
  console.log(`commit ${commit}; Node ${process.version}; SQLite ${sqlite}; ${cpus()[0]?.model ?? '?'} × ${cpus().length}; ${ROWS} rows of ${VALUE.length} B; WAL; db in ${dir}\n`);
  console.log('| case | synchronous | ops/s | p50 | p99 |');
  console.log('|---|---|---:|---:|---:|');
  for (const r of results) {
    const sorted = [...r.lat].sort((a, b) => a - b);
    const rate = r.ops / r.seconds;
    console.log(`| ${r.name} | ${r.sync} | ${rate >= 1000 ? `${(rate / 1000).toFixed(1)}k` : rate.toFixed(0)} | ${fmtMs(pct(sorted, 0.5))} | ${fmtMs(pct(sorted, 0.99))} |`);
  }
}

try {
  for (const sync of ['NORMAL', 'FULL'] as const) {
    rawInsert(sync, 1);
    rawInsert(sync, 100);
    await storeCreate(sync, false, 1);
    await storeCreate(sync, false, 64);
    await storeCreate(sync, true, 1);
    await storeCreate(sync, true, 64);
  }
  await listCase();
  report();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
