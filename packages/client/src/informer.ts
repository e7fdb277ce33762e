/**
 * Informer = ListWatch + a frozen, indexed cache + event handlers + hasSynced().
 *
 * Handlers see changes, not raw events: a re-list after 410 is diffed against the cache,
 * so handlers get add/update/delete for exactly what changed while the watch was away,
 * and a replayed event the cache already holds (same resourceVersion) is not delivered
 * twice. Handlers should only enqueue keys (controllers re-read the lister); a throwing
 * handler is reported and does not stop the informer.
 */
import type { KubeObject } from '@skiff/api';
import { deepFreeze } from './freeze.ts';
import { Indexer, defaultIndexers, objectKey, type IndexFunc } from './indexer.ts';
import { ListWatch, type ListWatchHandler, type ListWatchOptions, type ListWatchSource } from './list-watch.ts';
import { Lister } from './lister.ts';
import type { ResourceRef } from './paths.ts';

export interface EventHandlers<T> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T): void;
}

export interface InformerOptions<T> extends ListWatchOptions {
  /** Re-deliver onUpdate(obj, obj) for every cached object this often (0/undefined = never). */
  resyncPeriodMs?: number | undefined;
  indexers?: Record<string, IndexFunc<T>> | undefined;
  onHandlerError?: ((e: unknown) => void) | undefined;
}

export class Informer<T extends KubeObject = KubeObject> implements ListWatchHandler<T> {
  readonly ref: ResourceRef;
  readonly lister: Lister<T>;
  readonly #store: Indexer<T>;
  readonly #handlers = new Set<EventHandlers<T>>();
  readonly #listWatch: ListWatch<T>;
  readonly #opts: InformerOptions<T>;
  readonly #syncWaiters = new Set<(synced: boolean) => void>();
  #synced = false;
  #started = false;
  #stopped = false;
  #resyncTimer: ReturnType<typeof setInterval> | undefined;

  constructor(source: ListWatchSource, ref: ResourceRef, opts: InformerOptions<T> = {}) {
    this.ref = ref;
    this.#opts = opts;
    this.#store = new Indexer<T>({ ...(defaultIndexers as Record<string, IndexFunc<T>>), ...opts.indexers });
    this.lister = new Lister(this.#store);
    this.#listWatch = new ListWatch<T>(source, ref, this, opts);
  }

  /** Existing cache content is replayed to a late handler as adds, as client-go does. Returns an unsubscribe. */
  addEventHandler(h: EventHandlers<T>): () => void {
    this.#handlers.add(h);
    if (h.onAdd) for (const obj of this.#store.list()) this.#call(() => h.onAdd!(obj));
    return () => this.#handlers.delete(h);
  }
  onAdd(fn: (obj: T) => void): () => void {
    return this.addEventHandler({ onAdd: fn });
  }
  onUpdate(fn: (oldObj: T, newObj: T) => void): () => void {
    return this.addEventHandler({ onUpdate: fn });
  }
  onDelete(fn: (obj: T) => void): () => void {
    return this.addEventHandler({ onDelete: fn });
  }

  addIndexer(name: string, fn: IndexFunc<T>): void {
    this.#store.addIndexer(name, fn);
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#listWatch.start();
    const period = this.#opts.resyncPeriodMs;
    if (period && period > 0) {
      this.#resyncTimer = setInterval(() => this.#resync(), period);
      this.#resyncTimer.unref?.();
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#resyncTimer);
    for (const w of this.#syncWaiters) w(false);
    this.#syncWaiters.clear();
    await this.#listWatch.stop();
  }

  hasSynced(): boolean {
    return this.#synced;
  }

  /** True once the first list is in the cache; false if stopped or aborted first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.#synced) return Promise.resolve(true);
    if (this.#stopped || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        this.#syncWaiters.delete(done);
        signal?.removeEventListener('abort', onAbort);
        resolve(ok);
      };
      const onAbort = (): void => done(false);
      this.#syncWaiters.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Last resourceVersion the informer has seen. */
  get resourceVersion(): string | undefined {
    return this.#listWatch.resourceVersion;
  }

  // ListWatchHandler: called by the ListWatch only.

  replace(items: T[], _resourceVersion: string): void {
    const seen = new Set<string>();
    for (const item of items) {
      const obj = deepFreeze(item);
      const key = objectKey(obj);
      seen.add(key);
      const old = this.#store.get(key);
      if (old && sameVersion(old, obj)) continue;
      this.#store.set(obj);
      if (old) this.#emit((h) => h.onUpdate?.(old, obj));
      else this.#emit((h) => h.onAdd?.(obj));
    }
    for (const key of this.#store.keys()) {
      if (seen.has(key)) continue;
      const old = this.#store.delete(key)!;
      this.#emit((h) => h.onDelete?.(old));
    }
    if (!this.#synced) {
      this.#synced = true;
      for (const w of [...this.#syncWaiters]) w(true);
    }
  }

  event(type: 'ADDED' | 'MODIFIED' | 'DELETED', item: T): void {
    const obj = deepFreeze(item);
    const key = objectKey(obj);
    const old = this.#store.get(key);
    if (type === 'DELETED') {
      if (!old) return; // never announced (or already removed by a re-list): nothing to tell
      this.#store.delete(key);
      this.#emit((h) => h.onDelete?.(obj));
      return;
    }
    if (old && sameVersion(old, obj)) return;
    this.#store.set(obj);
    if (old) this.#emit((h) => h.onUpdate?.(old, obj));
    else this.#emit((h) => h.onAdd?.(obj));
  }

  #resync(): void {
    for (const obj of this.#store.list()) this.#emit((h) => h.onUpdate?.(obj, obj));
  }

  #emit(fn: (h: EventHandlers<T>) => void): void {
    for (const h of this.#handlers) this.#call(() => fn(h));
  }

  #call(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      (this.#opts.onHandlerError ?? defaultHandlerError)(e);
    }
  }
}

function sameVersion(a: KubeObject, b: KubeObject): boolean {
  const rv = a.metadata.resourceVersion;
  return rv !== undefined && rv === b.metadata.resourceVersion;
}

function defaultHandlerError(e: unknown): void {
  console.error('informer event handler failed:', e);
}
