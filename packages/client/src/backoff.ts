/**
 * Capped exponential back-off for reconnects (kubernetes-client/javascript cache.ts uses
 * 1 s → 30 s). `delay` is injectable so tests drive it without real time.
 */
export type DelayFn = (ms: number, signal?: AbortSignal) => Promise<void>;

/** setTimeout as a promise; resolves early (never rejects) on abort; unref'd so it never holds the process. */
export const realDelay: DelayFn = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    t.unref?.();
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  #failures = 0;

  constructor(initialMs = 1000, maxMs = 30_000) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
  }

  /** Delay before the next attempt after one more failure. */
  next(): number {
    const ms = Math.min(this.maxMs, this.initialMs * 2 ** this.#failures);
    this.#failures++;
    return ms;
  }

  reset(): void {
    this.#failures = 0;
  }

  get failures(): number {
    return this.#failures;
  }
}
