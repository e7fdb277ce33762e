/**
 * client-go's EventCorrelator (tools/record/events_cache.go), so a hot loop cannot flood the
 * store:
 * - aggregate: events that differ only in message (same source, object, type, reason) are
 *   written as themselves up to 10 distinct messages per 10 minutes; after that they become one
 *   "(combined from similar events): <latest message>" event whose count grows;
 * - dedupe: an exact repeat bumps `count` on the Event already written instead of adding one;
 * - spam filter: a token bucket per source+object (burst 25, one token per 5 minutes) drops
 *   what is left of a burst.
 * Pure bookkeeping over an injected clock; the broadcaster does the writing.
 */
export type EventType = 'Normal' | 'Warning';

/** What an event is about, as an ObjectReference. */
export interface Involved {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata: { name?: string | undefined; namespace?: string | undefined; uid?: string | undefined; resourceVersion?: string | undefined };
}

export interface CorrelatorOptions {
  now: () => number;
  /** Distinct messages per reason before they are combined (upstream 10). */
  aggregateMaxEvents?: number;
  aggregateIntervalMs?: number;
  /** Events a source may send about one object at once (upstream 25). */
  spamBurst?: number;
  /** Tokens regained per ms (upstream 1 per 5 minutes). */
  spamRefillPerMs?: number;
  /** Entries kept per cache (upstream LRU of 4096). */
  maxCache?: number;
}

export type Correlation =
  | { action: 'skip' }
  | { action: 'create'; key: string; message: string }
  | { action: 'update'; key: string; name: string; count: number; message: string };

export const COMBINED_PREFIX = '(combined from similar events): ';

interface Seen {
  name: string;
  count: number;
}

export class EventCorrelator {
  readonly #now: () => number;
  readonly #maxEvents: number;
  readonly #intervalMs: number;
  readonly #burst: number;
  readonly #refill: number;
  readonly #maxCache: number;
  readonly #aggregates = new Map<string, { messages: Set<string>; since: number }>();
  readonly #seen = new Map<string, Seen>();
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(o: CorrelatorOptions) {
    this.#now = o.now;
    this.#maxEvents = o.aggregateMaxEvents ?? 10;
    this.#intervalMs = o.aggregateIntervalMs ?? 600_000;
    this.#burst = o.spamBurst ?? 25;
    this.#refill = o.spamRefillPerMs ?? 1 / 300_000;
    this.#maxCache = o.maxCache ?? 4096;
  }

  correlate(source: string, obj: Involved, type: EventType, reason: string, message: string): Correlation {
    const m = obj.metadata;
    const objKey = [source, obj.apiVersion, obj.kind, m.namespace, m.name, m.uid].join('\u0000');
    if (!this.#take(objKey)) return { action: 'skip' };
    const aggKey = [objKey, type, reason].join('\u0000');
    let key = [aggKey, message].join('\u0000');
    let msg = message;
    if (this.#aggregate(aggKey, message)) {
      key = aggKey;
      msg = COMBINED_PREFIX + message;
    }
    const seen = this.#seen.get(key);
    if (!seen) return { action: 'create', key, message: msg };
    seen.count++;
    return { action: 'update', key, name: seen.name, count: seen.count, message: msg };
  }

  /** The event for `key` was written under `name` (count 1, or `count` after a re-create). */
  written(key: string, name: string, count = 1): void {
    put(this.#seen, key, { name, count }, this.#maxCache);
  }

  /** Its write failed or it is gone from the store: the next repeat creates a new one. */
  forget(key: string): void {
    this.#seen.delete(key);
  }

  /** True once this reason has seen too many distinct messages in the interval. */
  #aggregate(aggKey: string, message: string): boolean {
    const now = this.#now();
    let rec = this.#aggregates.get(aggKey);
    if (!rec || now - rec.since > this.#intervalMs) {
      rec = { messages: new Set(), since: now };
      put(this.#aggregates, aggKey, rec, this.#maxCache);
    }
    rec.messages.add(message);
    return rec.messages.size >= this.#maxEvents;
  }

  #take(objKey: string): boolean {
    const now = this.#now();
    const b = this.#buckets.get(objKey) ?? { tokens: this.#burst, at: now };
    b.tokens = Math.min(this.#burst, b.tokens + (now - b.at) * this.#refill);
    b.at = now;
    put(this.#buckets, objKey, b, this.#maxCache);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

/** Insert as most recent, dropping the least recent entry when full (a small LRU). */
function put<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value as string);
  map.set(key, value);
}
