/**
 * The controller work queue (client-go util/workqueue): keys, not objects.
 * - dedup: a key waiting in the queue is queued once however often it is added;
 * - a key being processed is never handed to a second worker; if it is added meanwhile
 *   it is marked dirty and re-queued when `done(key)` is called;
 * - `addAfter` / `addRateLimited` delay through timers (unref'd: a queue never keeps the
 *   process alive); `forget` clears the key's back-off history.
 */
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.ts';

export interface QueueMetrics {
  adds: number;
  retries: number;
  depth: number;
}

export interface WorkQueueOptions<K> {
  rateLimiter?: RateLimiter<K>;
}

export class WorkQueue<K = string> {
  readonly metrics: QueueMetrics = { adds: 0, retries: 0, depth: 0 };
  readonly #queue: K[] = [];
  readonly #dirty = new Set<K>();
  readonly #processing = new Set<K>();
  readonly #waiters: ((key: K | undefined) => void)[] = [];
  readonly #delayed = new Map<K, { at: number; timer: ReturnType<typeof setTimeout> }>();
  readonly #rateLimiter: RateLimiter<K>;
  #shuttingDown = false;

  constructor(opts: WorkQueueOptions<K> = {}) {
    this.#rateLimiter = opts.rateLimiter ?? defaultControllerRateLimiter<K>();
  }

  add(key: K): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.metrics.adds++;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return; // re-queued by done()
    this.#push(key);
  }

  /** Add once `ms` have passed; an earlier pending addAfter of the same key wins. */
  addAfter(key: K, ms: number): void {
    if (this.#shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const at = Date.now() + ms;
    const pending = this.#delayed.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.#delayed.delete(key);
      this.add(key);
    }, ms);
    timer.unref?.();
    this.#delayed.set(key, { at, timer });
  }

  addRateLimited(key: K): void {
    this.metrics.retries++;
    this.addAfter(key, this.#rateLimiter.when(key));
  }

  forget(key: K): void {
    this.#rateLimiter.forget(key);
  }

  numRequeues(key: K): number {
    return this.#rateLimiter.numRequeues(key);
  }

  /** Next key to process, marked as processing; `undefined` once shut down. */
  get(): Promise<K | undefined> {
    const key = this.#queue.shift();
    if (key !== undefined) return Promise.resolve(this.#take(key));
    if (this.#shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Processing of `key` finished (successfully or not). */
  done(key: K): void {
    this.#processing.delete(key);
    if (this.#dirty.has(key) && !this.#shuttingDown) this.#push(key);
  }

  /** Stop handing out keys; waiting get() calls resolve undefined, pending delays are dropped. */
  shutDown(): void {
    this.#shuttingDown = true;
    for (const { timer } of this.#delayed.values()) clearTimeout(timer);
    this.#delayed.clear();
    for (const w of this.#waiters.splice(0)) w(undefined);
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Keys waiting to be processed (not counting delayed or in-flight ones). */
  len(): number {
    return this.#queue.length;
  }

  isProcessing(key: K): boolean {
    return this.#processing.has(key);
  }

  #push(key: K): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(this.#take(key));
    else {
      this.#queue.push(key);
      this.metrics.depth = this.#queue.length;
    }
  }

  #take(key: K): K {
    this.#dirty.delete(key);
    this.#processing.add(key);
    this.metrics.depth = this.#queue.length;
    return key;
  }
}
