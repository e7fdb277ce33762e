/**
 * The kubelet's flowcontrol.Backoff, keyed per pod container (crash loops) or per pod image
 * (pulls): 10 s doubling to 300 s. The first failure is retried at once and only arms the
 * back-off; a key idle for twice the cap starts over. Time comes from the injected clock.
 */
import type { Clock } from '../clock.ts';

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class BackoffTable {
  readonly #entries = new Map<string, Entry>();
  readonly #clock: Clock;
  readonly #initialMs: number;
  readonly #maxMs: number;

  constructor(clock: Clock, initialMs = INITIAL_BACKOFF_MS, maxMs = MAX_BACKOFF_MS) {
    this.#clock = clock;
    this.#initialMs = initialMs;
    this.#maxMs = maxMs;
  }

  /** Current delay for the key (0 when none). */
  get(key: string): number {
    return this.#entries.get(key)?.backoffMs ?? 0;
  }

  /** Record one more failure at `at`: arm the initial delay, or double it. */
  next(key: string, at = this.#clock.now()): void {
    const e = this.#entries.get(key);
    if (!e || this.#expired(e, at)) this.#entries.set(key, { backoffMs: this.#initialMs, lastUpdate: at });
    else this.#entries.set(key, { backoffMs: Math.min(e.backoffMs * 2, this.#maxMs), lastUpdate: at });
  }

  /** Still waiting out the delay counted from `since` (e.g. the container's finish time)? */
  isInBackOffSince(key: string, since: number): boolean {
    const e = this.#entries.get(key);
    if (!e || this.#expired(e, this.#clock.now())) return false;
    return this.#clock.now() - since < e.backoffMs;
  }

  /** Still waiting out the delay counted from the last failure? */
  isInBackOffSinceUpdate(key: string): boolean {
    const e = this.#entries.get(key);
    return !!e && this.isInBackOffSince(key, e.lastUpdate);
  }

  /** Milliseconds left until `since + delay` (0 when not backing off). */
  remaining(key: string, since: number): number {
    const e = this.#entries.get(key);
    return e ? Math.max(0, since + e.backoffMs - this.#clock.now()) : 0;
  }

  lastUpdate(key: string): number | undefined {
    return this.#entries.get(key)?.lastUpdate;
  }

  reset(key: string): void {
    this.#entries.delete(key);
  }

  /** Forget every key with this prefix (a pod that is gone). */
  resetPrefix(prefix: string): void {
    for (const k of this.#entries.keys()) if (k.startsWith(prefix)) this.#entries.delete(k);
  }

  #expired(e: Entry, now: number): boolean {
    return now - e.lastUpdate > 2 * this.#maxMs;
  }
}
