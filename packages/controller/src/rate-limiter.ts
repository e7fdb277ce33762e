/**
 * How long a failing key waits before its next try. Mirrors client-go's
 * DefaultControllerRateLimiter: the max of a per-key exponential back-off
 * (5 ms doubling to 1000 s) and an overall token bucket (10 qps, burst 100) that keeps a
 * storm of failing keys from hammering the api-server.
 */
export interface RateLimiter<K = string> {
  /** Delay (ms) before `key` may be processed again; records one more failure. */
  when(key: K): number;
  /** The key succeeded: reset its history. */
  forget(key: K): void;
  numRequeues(key: K): number;
}

export class ItemExponentialFailureRateLimiter<K = string> implements RateLimiter<K> {
  readonly #failures = new Map<K, number>();
  readonly #baseMs: number;
  readonly #maxMs: number;

  constructor(baseMs = 5, maxMs = 1000_000) {
    this.#baseMs = baseMs;
    this.#maxMs = maxMs;
  }

  when(key: K): number {
    const n = this.#failures.get(key) ?? 0;
    this.#failures.set(key, n + 1);
    const ms = this.#baseMs * 2 ** n;
    return Number.isFinite(ms) ? Math.min(ms, this.#maxMs) : this.#maxMs;
  }

  forget(key: K): void {
    this.#failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.#failures.get(key) ?? 0;
  }
}

/**
 * Token bucket with reservations (golang.org/x/time/rate's Reserve): each call takes a
 * token, possibly one not yet minted, and is told how long until it exists.
 */
export class BucketRateLimiter<K = string> implements RateLimiter<K> {
  readonly #qps: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(qps = 10, burst = 100, now: () => number = Date.now) {
    this.#qps = qps;
    this.#burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#last = now();
  }

  when(_key: K): number {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#qps);
    this.#last = now;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / this.#qps) * 1000);
  }

  forget(_key: K): void {}

  numRequeues(_key: K): number {
    return 0;
  }
}

export class MaxOfRateLimiter<K = string> implements RateLimiter<K> {
  readonly #limiters: RateLimiter<K>[];

  constructor(...limiters: RateLimiter<K>[]) {
    this.#limiters = limiters;
  }

  when(key: K): number {
    // Every limiter must record the failure, so no short-circuit.
    return Math.max(0, ...this.#limiters.map((l) => l.when(key)));
  }

  forget(key: K): void {
    for (const l of this.#limiters) l.forget(key);
  }

  numRequeues(key: K): number {
    return Math.max(0, ...this.#limiters.map((l) => l.numRequeues(key)));
  }
}

export function defaultControllerRateLimiter<K = string>(now: () => number = Date.now): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(new ItemExponentialFailureRateLimiter<K>(5, 1000_000), new BucketRateLimiter<K>(10, 100, now));
}
