/**
 * The one seam between the generic store (log-store.ts: state, preconditions, group commit,
 * watch) and where history lives (SQLite log, or nothing for the memory store).
 */
import type { Stored, WatchEvent } from './store.ts';

/** One row of the revision log; `id` is the revision. */
export interface LogRow {
  id: number;
  key: string;
  created: boolean;
  deleted: boolean;
  /** Revision of the key's previous row (0 when the key had none). */
  prevRevision: number;
  /** The object as JSON; for a tombstone, the last state with the deletion's revision. */
  value: string;
}

export interface LogBackend {
  /** Highest revision persisted (0 when empty). */
  readonly revision: number;
  readonly compactedRevision: number;
  /** True when events older than the watch cache can be read back (`readEvents`). */
  readonly durableHistory: boolean;
  /** Current state: the latest row of every key that is not a tombstone. */
  load(): Iterable<[key: string, stored: Stored]>;
  /** Persist rows atomically (one transaction); throws and persists nothing on failure. */
  append(rows: readonly LogRow[]): void;
  /** Events with from < revision <= to whose key starts with prefix, in revision order. */
  readEvents(prefix: string, from: number, to: number): WatchEvent[];
  /** Drops history at or below revision; returns the new compacted revision. */
  compact(revision: number): number;
  close(): void | Promise<void>;
}
