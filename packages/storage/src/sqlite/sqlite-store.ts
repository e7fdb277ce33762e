/**
 * openSqliteStore: the durable Store. One better-sqlite3 connection owned by this process;
 * current state and the watch cache in memory, the revision log on disk (see log.ts, schema.ts).
 */
import { LogStore } from '../log-store.ts';
import type { LogStoreOptions } from '../log-store.ts';
import type { Store } from '../store.ts';
import { startCheckpointer } from './checkpointer.ts';
import type { Checkpointer } from './checkpointer.ts';
import { SqliteLog } from './log.ts';
import type { ListResult } from '../store.ts';
import type { CorruptRow } from './log.ts';
import { openDatabase } from './schema.ts';
import type { SqliteOpenOptions } from './schema.ts';

export interface SqliteStoreOptions extends LogStoreOptions, SqliteOpenOptions {
  /** Called for every unreadable row met at load or replay (default: process.emitWarning). */
  onCorruptRow?: (row: CorruptRow) => void;
  /**
   * Who checkpoints the WAL: 'inline' (default) leaves it to SQLite (inside the commit that
   * crosses 1,000 pages); 'worker' runs PASSIVE checkpoints on a worker thread every
   * checkpointIntervalMs (default 100), see checkpointer.ts for why it is not the default.
   */
  checkpoint?: 'worker' | 'inline';
  checkpointIntervalMs?: number;
}

export interface SqliteStore extends Store {
  readonly path: string;
  /** Rows found unreadable so far (their keys were treated as absent at load). */
  readonly corruptRows: readonly CorruptRow[];
}

class SqliteLogStore extends LogStore implements SqliteStore {
  readonly path: string;
  private readonly log: SqliteLog;

  constructor(path: string, log: SqliteLog, opts: SqliteStoreOptions) {
    super(log, opts);
    this.path = path;
    this.log = log;
  }

  get corruptRows(): readonly CorruptRow[] {
    return this.log.corruptRows;
  }

  listAt(prefix: string, revision: number): ListResult | undefined {
    // Compaction keeps each key's newest row at or below the compacted revision, so any
    // revision from there on can be rebuilt exactly; below it, history is gone.
    if (revision < this.log.compactedRevision || revision > this.revision) return undefined;
    return { items: [...this.log.snapshot(prefix, revision)], revision };
  }
}

export function openSqliteStore(path: string, opts: SqliteStoreOptions = {}): SqliteStore {
  const db = openDatabase(path, opts);
  let checkpointer: Checkpointer | undefined;
  try {
    if (opts.checkpoint === 'worker' && path !== ':memory:') {
      checkpointer = startCheckpointer(db, path, opts.synchronous ?? 'NORMAL', opts.checkpointIntervalMs ?? 100);
    }
    return new SqliteLogStore(path, new SqliteLog(db, opts.onCorruptRow, checkpointer), opts);
  } catch (err) {
    void checkpointer?.close();
    db.close();
    throw err;
  }
}
