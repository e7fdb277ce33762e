/**
 * WAL checkpoints off the event loop.
 *
 * SQLite's automatic checkpoint runs inside whichever commit crosses 1,000 WAL pages: that
 * commit copies ~4 MB into the database file and fsyncs it, a 15–25 ms stall on this class of
 * disk, which every write batched behind it waits out (the whole p99 of B1's group-commit case).
 * So the store's connection turns auto-checkpointing off and a worker thread with its own
 * connection runs PASSIVE checkpoints on a timer: PASSIVE never waits for (or blocks) the
 * writer, and in WAL mode checkpointing concurrently with commits is safe by design. When a
 * checkpoint has copied everything, the next commit restarts the WAL from its beginning. Under
 * sustained writes the worker never quite catches up (commits land while it copies), so the WAL
 * would grow without bound (measured: 119 MB after 100k creates). Hence the worker reports the
 * WAL's length after each pass, and once it exceeds restartFrames the store's own connection
 * runs a PASSIVE checkpoint between two batches: it only copies the few frames the worker has
 * not, and the next commit rewinds the WAL. If the worker dies, the store's connection goes back
 * to automatic checkpoints.
 *
 * Opt-in (checkpoint: 'worker'), not the default: in a raw insert loop it removes the stall
 * (100-row batches: p99 21 ms → 0.6 ms), but through the Store on the shared 2-core box it
 * showed no repeatable gain (3 alternating runs of 50k creates, 64 in flight: 8.9–12.2k/s
 * inline vs 8.1–10.9k/s worker, p99 within noise): the worker competes for the same two cores
 * and the rewind checkpoint still runs on the main thread. Re-measure on a quiet machine.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Synchronous } from './schema.ts';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 1000 });
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = () => {
  try { parentPort.postMessage(db.pragma('wal_checkpoint(PASSIVE)')[0]); } catch (err) { /* busy: next tick */ }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  close(): Promise<void>;
}

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/** 4,096 pages of 4 KiB: a WAL of about 16 MB before the store's connection rewinds it. */
const RESTART_FRAMES = 4096;

export function startCheckpointer(db: Database.Database, path: string, synchronous: Synchronous, intervalMs: number): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, synchronous, intervalMs } });
  db.pragma('wal_autocheckpoint = 0');
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      exited = true;
      if (db.open) db.pragma('wal_autocheckpoint = 1000'); // fall back to SQLite's own checkpoints
      resolve();
    });
  });
  worker.on('message', (r: CheckpointResult) => {
    if (r.log >= RESTART_FRAMES && db.open) db.pragma('wal_checkpoint(PASSIVE)');
  });
  worker.on('error', (err) => process.emitWarning(`storage: checkpoint worker failed: ${String(err)}`));
  worker.unref();
  return {
    close: async () => {
      if (exited) return;
      worker.ref(); // the close below must finish even if nothing else keeps the process alive
      worker.postMessage('close');
      await exit;
    },
  };
}
