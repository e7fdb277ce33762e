/**
 * ControllerExpectations (kubernetes pkg/controller/controller_utils.go): after a
 * controller creates or deletes N children, it must not count children again until the
 * informer has shown it those N events, or a stale cache makes it create duplicates.
 * Expectations expire after 5 minutes so a lost event cannot wedge an owner forever.
 */
export const EXPECTATIONS_TTL_MS = 5 * 60 * 1000;

interface ExpectationRecord {
  add: number;
  del: number;
  timestamp: number;
}

export class ControllerExpectations {
  readonly #records = new Map<string, ExpectationRecord>();
  readonly #now: () => number;
  readonly #ttlMs: number;

  constructor(opts: { now?: () => number; ttlMs?: number } = {}) {
    this.#now = opts.now ?? Date.now;
    this.#ttlMs = opts.ttlMs ?? EXPECTATIONS_TTL_MS;
  }

  /** Replace the key's expectations (and restart its TTL). */
  setExpectations(key: string, add: number, del: number): void {
    this.#records.set(key, { add, del, timestamp: this.#now() });
  }

  expectCreations(key: string, n: number): void {
    this.setExpectations(key, n, 0);
  }

  expectDeletions(key: string, n: number): void {
    this.setExpectations(key, 0, n);
  }

  raiseExpectations(key: string, add: number, del: number): void {
    const r = this.#records.get(key);
    if (r) {
      r.add += add;
      r.del += del;
    } else this.setExpectations(key, add, del);
  }

  lowerExpectations(key: string, add: number, del: number): void {
    const r = this.#records.get(key);
    if (!r) return;
    r.add -= add;
    r.del -= del;
  }

  /** An informer saw a child created (or a create failed: lower it too, it will never be observed). */
  creationObserved(key: string): void {
    this.lowerExpectations(key, 1, 0);
  }

  deletionObserved(key: string): void {
    this.lowerExpectations(key, 0, 1);
  }

  /** True when the controller may trust its cache for `key`: nothing pending, never set, or expired. */
  satisfied(key: string): boolean {
    const r = this.#records.get(key);
    if (!r) return true;
    if (r.add <= 0 && r.del <= 0) return true;
    return this.#now() - r.timestamp > this.#ttlMs;
  }

  get(key: string): { add: number; del: number } | undefined {
    const r = this.#records.get(key);
    return r && { add: r.add, del: r.del };
  }

  /** The owner is gone: drop its record. */
  deleteExpectations(key: string): void {
    this.#records.delete(key);
  }
}
