/**
 * The ring of recent events that serves watch replay without touching disk.
 *
 * Invariant: the ring holds every event with revision in (base, last], in order. Revisions are
 * contiguous (every write is one event), but lookups binary-search anyway so the ring never
 * depends on that. When full, the oldest event is overwritten and `base` moves up to it.
 */
import type { WatchEvent } from './store.ts';

export class WatchCache {
  private readonly buf: (WatchEvent | undefined)[];
  private head = 0; // index of the oldest event
  private count = 0;
  /** Every event with revision > base is in the ring. */
  base: number;

  constructor(capacity: number, base: number) {
    if (!(capacity >= 1)) throw new RangeError('watch cache capacity must be >= 1');
    this.buf = new Array<WatchEvent | undefined>(capacity);
    this.base = base;
  }

  get size(): number {
    return this.count;
  }

  push(e: WatchEvent): void {
    const cap = this.buf.length;
    if (this.count === cap) {
      this.base = this.buf[this.head]!.revision;
      this.buf[this.head] = e;
      this.head = (this.head + 1) % cap;
    } else {
      this.buf[(this.head + this.count) % cap] = e;
      this.count++;
    }
  }

  /** Events with revision > from whose key starts with prefix, oldest first. Requires from >= base. */
  since(from: number, prefix: string): WatchEvent[] {
    const out: WatchEvent[] = [];
    for (let i = this.firstAfter(from); i < this.count; i++) {
      const e = this.at(i);
      if (e.key.startsWith(prefix)) out.push(e);
    }
    return out;
  }

  private at(i: number): WatchEvent {
    return this.buf[(this.head + i) % this.buf.length]!;
  }

  private firstAfter(revision: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
