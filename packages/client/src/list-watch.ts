/**
 * The reflector: list (paginated), then watch from the list's resourceVersion with
 * bookmarks, forever, feeding a `ListWatchHandler`.
 *
 * - Every event's resourceVersion is remembered, BOOKMARK included, so a re-watch
 *   resumes exactly where the last one stopped.
 * - A normal end of stream (server timeout) → re-watch from that RV, no re-list.
 * - 410 (HTTP status or ERROR event) → re-list; the handler diffs the fresh list
 *   against what it had.
 * - Anything else → retry after a capped exponential back-off (1 s → 30 s) through an
 *   injectable `delay`.
 */
import type { KubeList, KubeObject } from '@skiff/api';
import { ApiError, isGone } from './errors.ts';
import { Backoff, realDelay, type DelayFn } from './backoff.ts';
import type { ListOptions } from './options.ts';
import type { ResourceRef } from './paths.ts';
import type { WatchOptions } from './watch.ts';
import { eventResourceVersion, type WatchEvent } from './watch-event.ts';

/** What ListWatch needs from a client; RestClient satisfies it, tests may fake it. */
export interface ListWatchSource {
  listAll<T extends KubeObject>(ref: ResourceRef, o: ListOptions): Promise<KubeList<T>>;
  watch<T extends KubeObject>(ref: ResourceRef, o: WatchOptions): AsyncIterable<WatchEvent<T>>;
}

export interface ListWatchHandler<T extends KubeObject> {
  /** A complete, fresh list: the receiver's state becomes exactly `items`. */
  replace(items: T[], resourceVersion: string): void;
  event(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): void;
}

export interface ListWatchOptions {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  transport?: 'http' | 'ws' | undefined;
  /** Page size for the list (kubectl and client-go use 500). */
  pageSize?: number | undefined;
  /** Server-side watch timeout per stream; client-go picks 5–10 min at random to spread re-watches. */
  watchTimeoutSeconds?: (() => number) | undefined;
  delay?: DelayFn | undefined;
  backoffInitialMs?: number | undefined;
  backoffMaxMs?: number | undefined;
  /** Told about every failure before the back-off (logging); the loop keeps going. */
  onError?: ((e: unknown) => void) | undefined;
}

type WatchOutcome = { kind: 'closed'; events: number } | { kind: 'expired' };

export class ListWatch<T extends KubeObject> {
  readonly #source: ListWatchSource;
  readonly #ref: ResourceRef;
  readonly #handler: ListWatchHandler<T>;
  readonly #opts: ListWatchOptions;
  readonly #backoff: Backoff;
  readonly #ac = new AbortController();
  #rv: string | undefined;
  #loop: Promise<void> | undefined;

  constructor(source: ListWatchSource, ref: ResourceRef, handler: ListWatchHandler<T>, opts: ListWatchOptions = {}) {
    this.#source = source;
    this.#ref = ref;
    this.#handler = handler;
    this.#opts = opts;
    this.#backoff = new Backoff(opts.backoffInitialMs ?? 1000, opts.backoffMaxMs ?? 30_000);
  }

  /** Last resourceVersion seen from a list or any event. */
  get resourceVersion(): string | undefined {
    return this.#rv;
  }

  start(): void {
    if (this.#ac.signal.aborted) throw new Error('ListWatch was stopped; create a new one');
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#ac.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const signal = this.#ac.signal;
    const delay = this.#opts.delay ?? realDelay;
    let needList = true;
    while (!signal.aborted) {
      let listing = needList;
      try {
        if (needList) {
          await this.#list(signal);
          needList = false;
          listing = false;
          this.#backoff.reset();
        }
        if (signal.aborted) break;
        const started = Date.now();
        const outcome = await this.#watch(signal);
        if (outcome.kind === 'expired') {
          needList = true;
          continue;
        }
        // A stream that ends at once with nothing in it would spin; treat it like a failure.
        if (outcome.events === 0 && Date.now() - started < 1000) await delay(this.#backoff.next(), signal);
        else this.#backoff.reset();
      } catch (e) {
        if (signal.aborted) break;
        if (isGone(e) && !listing) {
          needList = true; // too old to resume: re-list at once
          continue;
        }
        this.#opts.onError?.(e);
        await delay(this.#backoff.next(), signal);
      }
    }
  }

  async #list(signal: AbortSignal): Promise<void> {
    const o = this.#opts;
    const list = await this.#source.listAll<T>(this.#ref, {
      namespace: o.namespace,
      labelSelector: o.labelSelector,
      fieldSelector: o.fieldSelector,
      limit: o.pageSize ?? 500,
      signal,
    });
    if (signal.aborted) return;
    this.#rv = list.metadata.resourceVersion || undefined;
    this.#handler.replace(list.items, this.#rv ?? '');
  }

  async #watch(signal: AbortSignal): Promise<WatchOutcome> {
    const o = this.#opts;
    const stream = this.#source.watch<T>(this.#ref, {
      namespace: o.namespace,
      labelSelector: o.labelSelector,
      fieldSelector: o.fieldSelector,
      resourceVersion: this.#rv,
      allowWatchBookmarks: true,
      timeoutSeconds: (o.watchTimeoutSeconds ?? randomWatchTimeout)(),
      transport: o.transport,
      signal,
    });
    let events = 0;
    for await (const ev of stream) {
      if (ev.type === 'ERROR') {
        if (ev.object.code === 410) return { kind: 'expired' };
        throw new ApiError(ev.object);
      }
      const rv = eventResourceVersion(ev);
      if (rv) this.#rv = rv;
      events++;
      if (ev.type !== 'BOOKMARK') this.#handler.event(ev.type, ev.object);
    }
    return { kind: 'closed', events };
  }
}

function randomWatchTimeout(): number {
  return Math.floor(300 + Math.random() * 300);
}
