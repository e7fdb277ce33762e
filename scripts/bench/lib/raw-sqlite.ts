/**
 * The raw anchor for B2: better-sqlite3 single-row autocommit INSERTs into the store's own
 * schema (packages/storage/src/sqlite/schema.ts), same value size as the API's pod, WAL, with
 * the given synchronous mode. In-process on purpose: it is the floor the full path is compared to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../packages/storage/src/sqlite/schema.ts';
import { Samples } from './stats.ts';

export function rawInsertLoop(sync: 'NORMAL' | 'FULL', value: string, seconds: number): { rate: number; lat: Samples } {
  const dir = mkdtempSync(join(process.env['BENCH_DIR'] ?? tmpdir(), 'skiff-raw-'));
  try {
    const db = openDatabase(join(dir, 'raw.db'), { synchronous: sync });
    const insert = db.prepare('INSERT INTO log (id, key, created, deleted, prev_revision, value) VALUES (?, ?, 1, 0, 0, ?)');
    const lat = new Samples();
    // short warm-up, then the measured window
    for (let i = 0; i < 500; i++) insert.run(i + 1, `/core/pods/bench/w${i}`, value);
    let id = 1000;
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    let n = 0;
    while (performance.now() < end) {
      const t = process.hrtime.bigint();
      insert.run(++id, `/core/pods/bench/p${id}`, value);
      lat.record(t);
      n++;
    }
    const rate = n / ((performance.now() - t0) / 1000);
    db.close();
    return { rate, lat };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
