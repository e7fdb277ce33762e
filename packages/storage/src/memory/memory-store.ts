/**
 * The Store contract purely in memory, for tests and for benchmarking the API without a disk.
 * Same code path as the SQLite store (LogStore) over a backend that persists nothing: history
 * is only the watch cache, so events that fall out of it count as compacted (Expired).
 */
import type { LogBackend, LogRow } from '../backend.ts';
import { LogStore } from '../log-store.ts';
import type { LogStoreOptions } from '../log-store.ts';
import type { Store, Stored, WatchEvent } from '../store.ts';

export type MemoryStoreOptions = LogStoreOptions;

class MemoryBackend implements LogBackend {
  readonly revision = 0;
  readonly durableHistory = false;
  compactedRevision = 0;

  load(): Iterable<[string, Stored]> {
    return [];
  }

  append(_rows: readonly LogRow[]): void {}

  readEvents(): WatchEvent[] {
    return [];
  }

  compact(revision: number): number {
    this.compactedRevision = Math.max(this.compactedRevision, revision);
    return this.compactedRevision;
  }

  close(): void {}
}

export function createMemoryStore(opts: MemoryStoreOptions = {}): Store {
  return new LogStore(new MemoryBackend(), opts);
}
