/**
 * SqliteLog: the LogBackend over one append-only table whose primary key is the revision.
 * Every statement is prepared once; a batch of rows is one transaction.
 *
 * Corrupt rows (a value that is not JSON, or not an object with metadata) are reported, never
 * fatal: at load such a key is treated as absent, so the cluster still starts, the api-server
 * answers NotFound for it, and a later create writes a good row over it. Serving the previous
 * row instead would silently travel back in time; refusing to open would take the whole
 * control plane down for one bad value. Replay skips the event and reports it the same way.
 */
import type Database from 'better-sqlite3';
import type { LogBackend, LogRow } from '../backend.ts';
import { fromJson } from '../stamp.ts';
import type { Stored, WatchEvent, WatchEventType } from '../store.ts';
import type { Checkpointer } from './checkpointer.ts';
import { compactLog } from './compact.ts';
import { readMeta } from './schema.ts';

export interface CorruptRow {
  revision: number;
  key: string;
  error: string;
}

interface EventRow {
  id: number;
  key: string;
  created: number;
  deleted: number;
  value: string | null;
  prev: string | null;
}

export class SqliteLog implements LogBackend {
  readonly durableHistory = true;
  readonly revision: number;
  compactedRevision: number;
  readonly corruptRows: CorruptRow[] = [];
  private readonly db: Database.Database;
  private readonly onCorrupt: (c: CorruptRow) => void;
  private readonly insertTx: (rows: readonly LogRow[]) => void;
  private readonly eventsStmt: Database.Statement<[number, number, string], EventRow>;

  private readonly checkpointer: Checkpointer | undefined;

  constructor(db: Database.Database, onCorrupt?: (c: CorruptRow) => void, checkpointer?: Checkpointer) {
    this.db = db;
    this.checkpointer = checkpointer;
    this.onCorrupt = onCorrupt ?? ((c) => process.emitWarning(`storage: corrupt log row ${c.revision} (${c.key}): ${c.error}`));
    this.compactedRevision = readMeta(db, 'compacted_revision');
    const max = db.prepare('SELECT MAX(id) AS id FROM log').get() as { id: number | null };
    // Compaction may delete the newest rows (tombstones), so the revision never goes below it.
    this.revision = Math.max(max.id ?? 0, this.compactedRevision);
    const insert = db.prepare('INSERT INTO log (id, key, created, deleted, prev_revision, value) VALUES (?, ?, ?, ?, ?, ?)');
    this.insertTx = db.transaction((rows: readonly LogRow[]) => {
      for (const r of rows) insert.run(r.id, r.key, r.created ? 1 : 0, r.deleted ? 1 : 0, r.prevRevision, r.value);
    });
    this.eventsStmt = db.prepare(`
      SELECT l.id, l.key, l.created, l.deleted, l.value, p.value AS prev
      FROM log l LEFT JOIN log p ON p.id = l.prev_revision AND l.created = 0
      WHERE l.id > ? AND l.id <= ? AND instr(l.key, ?) = 1
      ORDER BY l.id`);
  }

  *load(): Iterable<[string, Stored]> {
    const rows = this.db
      .prepare(`SELECT l.id, l.key, l.value FROM log l
        JOIN (SELECT key, MAX(id) AS id FROM log GROUP BY key) m ON l.id = m.id
        WHERE l.deleted = 0 ORDER BY l.key`)
      .iterate() as IterableIterator<{ id: number; key: string; value: string | null }>;
    for (const r of rows) {
      const stored = this.parse(r.id, r.key, r.value);
      if (stored !== undefined) yield [r.key, stored];
    }
  }

  /** Latest row of every key under prefix at or below `revision`, deleted keys left out. */
  *snapshot(prefix: string, revision: number): Iterable<Stored> {
    const rows = this.db
      .prepare(`SELECT l.id, l.key, l.value FROM log l
        JOIN (SELECT key, MAX(id) AS id FROM log WHERE id <= ? AND key >= ? AND key < ? GROUP BY key) m ON l.id = m.id
        WHERE l.deleted = 0 ORDER BY l.key`)
      .iterate(revision, prefix, prefix + '\uffff') as IterableIterator<{ id: number; key: string; value: string | null }>;
    for (const r of rows) {
      const stored = this.parse(r.id, r.key, r.value);
      if (stored !== undefined) yield stored;
    }
  }

  append(rows: readonly LogRow[]): void {
    this.insertTx(rows);
  }

  readEvents(prefix: string, from: number, to: number): WatchEvent[] {
    const out: WatchEvent[] = [];
    for (const r of this.eventsStmt.iterate(from, to, prefix)) {
      const cur = this.parse(r.id, r.key, r.value);
      if (cur === undefined) continue;
      const type: WatchEventType = r.created ? 'ADDED' : r.deleted ? 'DELETED' : 'MODIFIED';
      const e: WatchEvent = { type, key: r.key, revision: r.id, object: cur.object, json: cur.json };
      if (r.prev !== null) {
        const prev = this.parse(r.id, r.key, r.prev);
        if (prev !== undefined) e.prev = prev.object;
      }
      out.push(e);
    }
    return out;
  }

  compact(revision: number): number {
    this.compactedRevision = compactLog(this.db, revision);
    return this.compactedRevision;
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    this.db.close();
  }

  private parse(id: number, key: string, value: string | null): Stored | undefined {
    try {
      return fromJson(value as string, id);
    } catch (err) {
      const c = { revision: id, key, error: err instanceof Error ? err.message : String(err) };
      this.corruptRows.push(c);
      this.onCorrupt(c);
      return undefined;
    }
  }
}
