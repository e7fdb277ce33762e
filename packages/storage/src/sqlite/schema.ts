/**
 * Opening the database: pragmas, the kine-style log table and the meta table.
 *
 * Durability. The log runs in WAL mode. With synchronous=NORMAL a commit is a write() of its
 * frames to the -wal file with no fsync; the data is in the OS page cache as soon as the commit
 * returns, so a process crash (kill -9, OOM, panic) never loses an acknowledged write: the next
 * open replays the WAL. Only an OS crash or power loss can drop the last commits since the most
 * recent checkpoint fsync (the database itself stays consistent). synchronous=FULL fsyncs the WAL
 * on every commit and survives power loss too, at about 150 µs per commit (performance.md 3.3);
 * with group commit that cost is paid once per batch.
 *
 * Pitfall (performance.md 3.3): better-sqlite3 is compiled with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1,
 * and a fresh connection that switches to WAL still reports synchronous=FULL, so the mode
 * depends on the file's history unless it is set explicitly, after journal_mode, and checked.
 */
import Database from 'better-sqlite3';

export type Synchronous = 'NORMAL' | 'FULL';

export interface SqliteOpenOptions {
  /** Default NORMAL (kine's default too): no acknowledged write lost on a process crash. */
  synchronous?: Synchronous;
  /** How long a write waits for another connection's lock (default 5,000 ms). */
  busyTimeoutMs?: number;
}

export const SCHEMA_VERSION = 1;

const SYNC_CODE: Record<Synchronous, number> = { NORMAL: 1, FULL: 2 };

export function openDatabase(path: string, opts: SqliteOpenOptions = {}): Database.Database {
  const synchronous = opts.synchronous ?? 'NORMAL';
  const busy = opts.busyTimeoutMs ?? 5_000;
  const db = new Database(path, { timeout: busy });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma(`busy_timeout = ${busy}`);
    const actual = db.pragma('synchronous', { simple: true });
    if (actual !== SYNC_CODE[synchronous]) {
      throw new Error(`storage: PRAGMA synchronous=${synchronous} did not take (reads back ${String(actual)})`);
    }
    db.exec(`
      CREATE TABLE IF NOT EXISTS log (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        created INT NOT NULL DEFAULT 0,
        deleted INT NOT NULL DEFAULT 0,
        prev_revision INT NOT NULL DEFAULT 0,
        value TEXT
      );
      CREATE INDEX IF NOT EXISTS log_key_id ON log (key, id);
      CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', ${SCHEMA_VERSION}), ('compacted_revision', 0);
    `);
    const version = readMeta(db, 'schema_version');
    if (version !== SCHEMA_VERSION) throw new Error(`storage: ${path} has schema version ${version}, this build reads ${SCHEMA_VERSION}`);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function readMeta(db: Database.Database, name: string): number {
  const row = db.prepare('SELECT value FROM meta WHERE name = ?').get(name) as { value: number } | undefined;
  return row?.value ?? 0;
}

export function writeMeta(db: Database.Database, name: string, value: number): void {
  db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
}
