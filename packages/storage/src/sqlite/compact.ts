/**
 * Compaction: drop history at or below a revision, the way etcd does.
 *
 * A row at or below the revision goes if a newer row of its key, also at or below the revision,
 * supersedes it; tombstones at or below it go too. The latest row of each live key at or below
 * the revision stays: it is the current object, or the `prev` of the first event after the
 * revision (a watch from the compacted revision still gets complete MODIFIED/DELETED events).
 *
 * Only rows after the previous compaction can supersede anything not already deleted, so both
 * statements walk the primary key over (previous, revision] instead of the whole table; the
 * superseded rows are exactly the prev_revision targets of those rows.
 */
import type Database from 'better-sqlite3';
import { readMeta, writeMeta } from './schema.ts';

export function compactLog(db: Database.Database, revision: number): number {
  const previous = readMeta(db, 'compacted_revision');
  if (revision <= previous) return previous;
  const superseded = db.prepare('DELETE FROM log WHERE id IN (SELECT prev_revision FROM log WHERE id > ? AND id <= ? AND prev_revision > 0)');
  const tombstones = db.prepare('DELETE FROM log WHERE id > ? AND id <= ? AND deleted = 1');
  db.transaction(() => {
    superseded.run(previous, revision);
    tombstones.run(previous, revision);
    writeMeta(db, 'compacted_revision', revision);
  }).immediate();
  // Give the freed WAL space back (kine checkpoints after compaction as well).
  db.pragma('wal_checkpoint(TRUNCATE)');
  return revision;
}
