/**
 * Fans committed events out to watchers (kine's broadcaster, minus the channels).
 *
 * Delivery is a synchronous callback per event, in revision order, called only after the batch
 * holding the event has committed. Every watcher receives the same WatchEvent (same frozen
 * object, same `json` string): nothing is serialised per watcher.
 *
 * Backpressure: a callback that returns `false` says "my consumer is saturated" (e.g. the
 * socket's buffer is over its limit); the watcher is dropped with onClose('slow') and must
 * re-watch from its last revision, exactly like a client of an upstream api-server whose watch
 * channel overflowed. A callback that throws is dropped with onClose('closed').
 */
import type { WatchEvent, WatchOptions, Watcher } from './store.ts';

export type OnEvent = (e: WatchEvent) => unknown;

class Subscription implements Watcher {
  active = true;
  readonly prefix: string;
  /** Only events above this revision are delivered (a watch from a future revision waits). */
  readonly after: number;
  readonly onEvent: OnEvent;
  readonly onClose: WatchOptions['onClose'];
  private readonly owner: Broadcaster;

  constructor(owner: Broadcaster, prefix: string, after: number, onEvent: OnEvent, opts: WatchOptions | undefined) {
    this.owner = owner;
    this.prefix = prefix;
    this.after = after;
    this.onEvent = onEvent;
    this.onClose = opts?.onClose;
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.owner.remove(this);
  }

  /** Delivers one event; false when the watcher was dropped. */
  deliver(e: WatchEvent): boolean {
    let ok: unknown;
    try {
      ok = this.onEvent(e);
    } catch (err) {
      process.emitWarning(`storage: watch callback threw, watcher dropped: ${String(err)}`);
      this.drop('closed');
      return false;
    }
    if (ok === false) {
      this.drop('slow');
      return false;
    }
    return true;
  }

  drop(reason: 'slow' | 'closed'): void {
    if (!this.active) return;
    this.stop();
    this.onClose?.(reason);
  }
}

export class Broadcaster {
  /** Copy-on-write, so a callback that adds or stops watchers never disturbs a delivery loop. */
  private subs: readonly Subscription[] = [];

  get size(): number {
    return this.subs.length;
  }

  /** Replays `backlog` to the new watcher, then registers it for live events. */
  subscribe(prefix: string, after: number, onEvent: OnEvent, opts: WatchOptions | undefined, backlog: WatchEvent[]): Watcher {
    const sub = new Subscription(this, prefix, after, onEvent, opts);
    for (const e of backlog) if (!sub.active || !sub.deliver(e)) return sub;
    if (!sub.active) return sub;
    this.subs = [...this.subs, sub];
    return sub;
  }

  remove(sub: Subscription): void {
    const i = this.subs.indexOf(sub);
    if (i >= 0) this.subs = this.subs.filter((s) => s !== sub);
  }

  publish(events: readonly WatchEvent[]): void {
    for (const sub of this.subs) {
      for (const e of events) {
        if (!sub.active) break;
        if (e.revision > sub.after && e.key.startsWith(sub.prefix)) sub.deliver(e);
      }
    }
  }

  closeAll(): void {
    for (const sub of this.subs) sub.drop('closed');
  }
}
