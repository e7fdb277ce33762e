/**
 * The Store behind both implementations: in-memory current state, preconditions, group commit
 * and watch, over a LogBackend that persists rows (SQLite) or not (memory).
 *
 * Write path: check preconditions against current + pending state, take the next revision,
 * stamp the object (copy, resourceVersion, stringify once, freeze), queue it. With groupCommit
 * every write queued in one event-loop turn is committed in one transaction on setImmediate;
 * only then is the state applied, events published and the promises resolved, in revision
 * order. Readers (get/list/watch) therefore only ever see committed writes, and a failed commit
 * has nothing to undo in memory: it rejects the whole batch and hands its revisions back.
 *
 * groupCommit is on by default because it is the faster mode by a wide margin under concurrent
 * load (see scripts/bench/b1-storage.ts): one fsync/WAL append per turn instead of per write,
 * at the price of one setImmediate of latency for a lone write.
 */
import type { KubeObject } from '@skiff/api';
import type { LogBackend, LogRow } from './backend.ts';
import { Broadcaster } from './broadcaster.ts';
import { stamp } from './stamp.ts';
import { StateIndex } from './state-index.ts';
import { StoreError } from './store.ts';
import type { ListResult, Store, Stored, WatchEvent, WatchOptions, Watcher } from './store.ts';
import { WatchCache } from './watch-cache.ts';

export interface LogStoreOptions {
  /** Commit all writes of one event-loop turn in one transaction (default true). */
  groupCommit?: boolean;
  /** Events kept in memory for watch replay (default 100,000). */
  watchCacheSize?: number;
  /** compact() without an argument keeps this many recent revisions (default 10,000). */
  keepRevisions?: number;
  /** Run compact() every this many ms (default off); the timer never keeps the process alive. */
  autoCompactIntervalMs?: number;
  /**
   * The caller hands its objects over (default false): the store freezes the object it was
   * given instead of freezing a parsed copy, saving a JSON.parse per write. Only for callers
   * that never touch an object again after writing it (the api-server builds a fresh one for
   * every write).
   */
  adoptObjects?: boolean;
}

interface Pending {
  row: LogRow;
  event: WatchEvent;
  /** The key's state after this write (undefined: deleted). */
  next: Stored | undefined;
  result: Stored;
  resolve: (s: Stored) => void;
  reject: (e: unknown) => void;
}

export class LogStore implements Store {
  private readonly backend: LogBackend;
  private readonly adopt: boolean;
  private readonly state = new StateIndex();
  private readonly cache: WatchCache;
  private readonly broadcaster = new Broadcaster();
  private readonly groupCommit: boolean;
  private readonly keepRevisions: number;
  private readonly timer: NodeJS.Timeout | undefined;
  private committed: number;
  private assigned: number;
  private pending: Pending[] = [];
  /** Key → state after the pending writes (null: deleted), for preconditions of later writes. */
  private readonly overlay = new Map<string, Stored | null>();
  private flushScheduled = false;
  /** Set while a batch is being published: a write made from a watch callback waits its turn. */
  private flushing = false;
  private closed = false;
  private readonly flushNow = (): void => this.flush();

  constructor(backend: LogBackend, opts: LogStoreOptions = {}) {
    this.backend = backend;
    this.groupCommit = opts.groupCommit ?? true;
    this.adopt = opts.adoptObjects ?? false;
    this.keepRevisions = opts.keepRevisions ?? 10_000;
    for (const [key, stored] of backend.load()) this.state.set(key, stored);
    this.committed = this.assigned = backend.revision;
    this.cache = new WatchCache(opts.watchCacheSize ?? 100_000, this.committed);
    const every = opts.autoCompactIntervalMs ?? 0;
    if (every > 0) {
      this.timer = setInterval(() => {
        this.compact().catch((err: unknown) => process.emitWarning(`storage: auto-compaction failed: ${String(err)}`));
      }, every);
      this.timer.unref();
    }
  }

  get revision(): number {
    return this.committed;
  }

  /** Without durable history, events that left the watch cache are as gone as compacted ones. */
  get compactedRevision(): number {
    const c = this.backend.compactedRevision;
    return this.backend.durableHistory ? c : Math.max(c, this.cache.base);
  }

  get(key: string): Stored | undefined {
    return this.state.get(key);
  }

  latest(key: string): Stored | undefined {
    return this.current(key);
  }

  list(prefix: string): ListResult {
    return { items: this.state.list(prefix), revision: this.committed };
  }

  create(key: string, object: KubeObject): Promise<Stored> {
    if (this.closed) return closedError(key);
    if (this.current(key) !== undefined) return Promise.reject(new StoreError('AlreadyExists', key));
    const stored = stamp(object, ++this.assigned, this.adopt);
    const event: WatchEvent = { type: 'ADDED', key, revision: stored.revision, object: stored.object, json: stored.json };
    return this.enqueue(row(key, stored, true, false, 0), event, stored, stored);
  }

  update(key: string, object: KubeObject, expectedRevision?: number): Promise<Stored> {
    const cur = this.checkExisting(key, expectedRevision);
    if (cur instanceof StoreError) return Promise.reject(cur);
    const stored = stamp(object, ++this.assigned, this.adopt);
    const event: WatchEvent = { type: 'MODIFIED', key, revision: stored.revision, object: stored.object, json: stored.json, prev: cur.object };
    return this.enqueue(row(key, stored, false, false, cur.revision), event, stored, stored);
  }

  delete(key: string, expectedRevision?: number): Promise<Stored> {
    const cur = this.checkExisting(key, expectedRevision);
    if (cur instanceof StoreError) return Promise.reject(cur);
    const tombstone = stamp(cur.object, ++this.assigned);
    const event: WatchEvent = { type: 'DELETED', key, revision: tombstone.revision, object: tombstone.object, json: tombstone.json, prev: cur.object };
    return this.enqueue(row(key, tombstone, false, true, cur.revision), event, undefined, tombstone);
  }

  watch(prefix: string, fromRevision: number, onEvent: (e: WatchEvent) => void, opts?: WatchOptions): Watcher {
    if (this.closed) throw new StoreError('Closed', prefix);
    const compacted = this.compactedRevision;
    if (fromRevision < compacted) {
      throw new StoreError('Expired', prefix, `too old resource version: ${fromRevision} (${compacted})`);
    }
    let backlog: WatchEvent[] = [];
    if (fromRevision < this.committed) {
      const base = this.cache.base;
      const older = fromRevision < base ? this.backend.readEvents(prefix, fromRevision, base) : [];
      const recent = this.cache.since(Math.max(fromRevision, base), prefix);
      backlog = older.length === 0 ? recent : older.concat(recent);
    }
    return this.broadcaster.subscribe(prefix, fromRevision, onEvent, opts, backlog);
  }

  compact(revision?: number): Promise<number> {
    if (this.closed) return closedError('');
    const target = Math.min(revision ?? this.committed - this.keepRevisions, this.committed);
    if (target <= this.backend.compactedRevision) return Promise.resolve(this.compactedRevision);
    try {
      this.backend.compact(target);
    } catch (err) {
      return Promise.reject(err);
    }
    return Promise.resolve(this.compactedRevision);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.broadcaster.closeAll();
    await this.backend.close();
  }

  /** The key's state including writes not yet committed. */
  private current(key: string): Stored | undefined {
    const o = this.overlay.get(key);
    return o === undefined ? this.state.get(key) : (o ?? undefined);
  }

  private checkExisting(key: string, expectedRevision: number | undefined): Stored | StoreError {
    if (this.closed) return new StoreError('Closed', key);
    const cur = this.current(key);
    if (cur === undefined) return new StoreError('NotFound', key);
    if (expectedRevision !== undefined && expectedRevision !== cur.revision) {
      return new StoreError('Conflict', key, `Conflict: ${key} is at revision ${cur.revision}, not ${expectedRevision}`);
    }
    return cur;
  }

  private enqueue(r: LogRow, event: WatchEvent, next: Stored | undefined, result: Stored): Promise<Stored> {
    const p: Pending = { row: r, event, next, result, resolve: noop, reject: noop };
    const promise = new Promise<Stored>((resolve, reject) => {
      p.resolve = resolve;
      p.reject = reject;
    });
    this.pending.push(p);
    this.overlay.set(r.key, next ?? null);
    if (!this.groupCommit && !this.flushing) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushNow);
    }
    return promise;
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.overlay.clear();
    try {
      this.backend.append(batch.map((p) => p.row));
    } catch (err) {
      this.assigned = this.committed; // nothing was persisted: the revisions are free again
      for (const p of batch) p.reject(err);
      return;
    }
    this.committed = batch[batch.length - 1]!.row.id;
    const events = new Array<WatchEvent>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i]!;
      if (p.next === undefined) this.state.delete(p.row.key);
      else this.state.set(p.row.key, p.next);
      this.cache.push(p.event);
      events[i] = p.event;
    }
    this.flushing = true;
    try {
      this.broadcaster.publish(events);
    } finally {
      this.flushing = false;
    }
    for (const p of batch) p.resolve(p.result);
  }
}

function row(key: string, s: Stored, created: boolean, deleted: boolean, prevRevision: number): LogRow {
  return { id: s.revision, key, created, deleted, prevRevision, value: s.json };
}

function noop(): void {}

function closedError<T>(key: string): Promise<T> {
  return Promise.reject(new StoreError('Closed', key));
}
