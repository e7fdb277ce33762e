/**
 * The scheduling queue (kube-scheduler's PriorityQueue): three places a pending pod can be.
 * - active: ready to try, ordered by the QueueSort plugin;
 * - backoff: failed recently, waits 1 s × 2^(attempts-1) (capped at 10 s) before active;
 * - unschedulable: rejected by plugins, parked until a cluster event one of those plugins
 *   cares about (or 5 minutes pass).
 * Gang members are indexed by gang so the whole gang can be taken out for one atomic cycle.
 */
import type { PodInfo } from '../cache/pod-info.ts';
import { KeyedHeap } from './heap.ts';
import type { ClusterEvent } from './events.ts';
import type { QueuedPodInfo } from './queued-pod.ts';

export interface QueueOptions {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Unschedulable pods are retried at least this often even without an event. */
  maxUnschedulableMs?: number;
  now?: () => number;
}

const keyOf = (q: QueuedPodInfo): string => q.info.key;

export class SchedulingQueue {
  readonly #active: KeyedHeap<QueuedPodInfo>;
  readonly #backoff: KeyedHeap<QueuedPodInfo>;
  readonly #unschedulable = new Map<string, QueuedPodInfo>();
  readonly #gangs = new Map<string, Set<string>>();
  readonly #waiters: ((q: QueuedPodInfo | undefined) => void)[] = [];
  readonly #now: () => number;
  readonly #initialBackoff: number;
  readonly #maxBackoff: number;
  readonly #maxUnschedulable: number;
  /** Pods currently being scheduled (popped, not yet requeued or bound). */
  readonly #inFlight = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(o: QueueOptions) {
    this.#active = new KeyedHeap(keyOf, o.less);
    this.#backoff = new KeyedHeap(keyOf, (a, b) => a.backoffExpiry < b.backoffExpiry);
    this.#now = o.now ?? Date.now;
    this.#initialBackoff = o.initialBackoffMs ?? 1000;
    this.#maxBackoff = o.maxBackoffMs ?? 10_000;
    this.#maxUnschedulable = o.maxUnschedulableMs ?? 300_000;
  }

  get sizes(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.#active.size, backoff: this.#backoff.size, unschedulable: this.#unschedulable.size };
  }

  has(key: string): boolean {
    return this.#active.has(key) || this.#backoff.has(key) || this.#unschedulable.has(key);
  }

  get(key: string): QueuedPodInfo | undefined {
    return this.#active.get(key) ?? this.#backoff.get(key) ?? this.#unschedulable.get(key);
  }

  isInFlight(key: string): boolean {
    return this.#inFlight.has(key);
  }

  /** A new pending pod. */
  add(info: PodInfo, gang?: string, gangTimestamp?: number): void {
    if (this.#inFlight.has(info.key)) return;
    const existing = this.get(info.key);
    if (existing) return this.update(info);
    const now = this.#now();
    const q: QueuedPodInfo = { info, timestamp: now, initialTimestamp: now, attempts: 0, unschedulablePlugins: new Set(), gang, gangTimestamp, backoffExpiry: 0 };
    this.#index(q);
    this.#pushActive(q);
  }

  /** The pod object changed: take the new version; a parked pod gets another try at once. */
  update(info: PodInfo): void {
    const q = this.get(info.key);
    if (!q) return;
    q.info = info;
    if (this.#active.has(info.key)) return this.#active.push(q);
    if (this.#backoff.has(info.key)) return this.#backoff.push(q);
    this.#unschedulable.delete(info.key);
    this.#pushActive(q);
  }

  delete(key: string): void {
    const q = this.#active.delete(key) ?? this.#backoff.delete(key) ?? this.#unschedulable.get(key);
    this.#unschedulable.delete(key);
    this.#inFlight.delete(key);
    if (q) this.#unindex(q);
  }

  /** Next pod to schedule; waits while the active queue is empty. Undefined once closed. */
  pop(): Promise<QueuedPodInfo | undefined> {
    const q = this.tryPop();
    if (q || this.#closed) return Promise.resolve(q);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  tryPop(): QueuedPodInfo | undefined {
    this.#flushBackoff();
    const q = this.#active.pop();
    if (!q) return undefined;
    this.#unindex(q);
    q.attempts++;
    this.#inFlight.add(q.info.key);
    return q;
  }

  /** Remove every queued member of a gang (the popped one is already out) for one gang cycle. */
  takeGang(gang: string): QueuedPodInfo[] {
    const keys = this.#gangs.get(gang);
    if (!keys) return [];
    const out: QueuedPodInfo[] = [];
    for (const key of [...keys]) {
      const q = this.#active.delete(key) ?? this.#backoff.delete(key) ?? this.#unschedulable.get(key);
      this.#unschedulable.delete(key);
      if (!q) continue;
      this.#unindex(q);
      q.attempts++;
      this.#inFlight.add(key);
      out.push(q);
    }
    return out;
  }

  /** The attempt is over and the pod was bound (or given up on): forget it. */
  done(key: string): void {
    this.#inFlight.delete(key);
  }

  /**
   * A failed attempt. An error → backoff (retried without an event); otherwise park until an
   * event one of `plugins` registered for (no plugins: any event).
   */
  requeue(q: QueuedPodInfo, plugins: Iterable<string>, error = false): void {
    if (!this.#inFlight.delete(q.info.key)) return; // deleted meanwhile
    q.unschedulablePlugins = new Set(plugins);
    q.timestamp = this.#now();
    q.backoffExpiry = q.timestamp + this.backoffFor(q.attempts);
    this.#index(q);
    if (error) this.#pushBackoff(q);
    else this.#unschedulable.set(q.info.key, q);
    this.#arm();
  }

  backoffFor(attempts: number): number {
    return Math.min(this.#maxBackoff, this.#initialBackoff * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  }

  /** A cluster event: move parked pods some rejecting plugin of which cares about it. */
  onEvent(e: ClusterEvent, interested: (e: ClusterEvent) => ReadonlySet<string>): number {
    if (this.#unschedulable.size === 0) return 0;
    const plugins = interested(e);
    let moved = 0;
    for (const [key, q] of this.#unschedulable) {
      let hit = q.unschedulablePlugins.size === 0;
      for (const p of q.unschedulablePlugins) if (plugins.has(p)) hit = true;
      if (!hit) continue;
      this.#unschedulable.delete(key);
      this.#moveOut(q);
      moved++;
    }
    return moved;
  }

  /** Give a parked pod another try now (upstream Activate): what it waited for has happened. */
  activate(key: string): void {
    const q = this.#unschedulable.get(key);
    if (!q) return;
    this.#unschedulable.delete(key);
    this.#moveOut(q);
  }

  /** Move every parked pod (used on leadership change and by the periodic flush). */
  moveAll(): void {
    for (const [key, q] of this.#unschedulable) {
      this.#unschedulable.delete(key);
      this.#moveOut(q);
    }
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const w of this.#waiters.splice(0)) w(undefined);
  }

  /** Pending pods (all three queues), for explain and tests. */
  pending(): QueuedPodInfo[] {
    return [...this.#active.values(), ...this.#backoff.values(), ...this.#unschedulable.values()];
  }

  #moveOut(q: QueuedPodInfo): void {
    if (q.backoffExpiry > this.#now()) this.#pushBackoff(q);
    else this.#pushActive(q);
  }

  #pushActive(q: QueuedPodInfo): void {
    const w = this.#waiters.shift();
    if (w) {
      // Hand straight to a waiting scheduler loop (it would pop this very pod anyway).
      this.#unindex(q);
      q.attempts++;
      this.#inFlight.add(q.info.key);
      w(q);
      return;
    }
    this.#active.push(q);
  }

  #pushBackoff(q: QueuedPodInfo): void {
    this.#backoff.push(q);
    this.#arm();
  }

  #flushBackoff(): void {
    const now = this.#now();
    for (let q = this.#backoff.peek(); q && q.backoffExpiry <= now; q = this.#backoff.peek()) {
      this.#backoff.pop();
      this.#pushActive(q);
    }
  }

  #flushUnschedulable(): void {
    const now = this.#now();
    for (const [key, q] of this.#unschedulable) {
      if (now - q.timestamp < this.#maxUnschedulable) continue;
      this.#unschedulable.delete(key);
      this.#moveOut(q);
    }
  }

  /** One timer for the earliest backoff expiry (and a slow tick for the unschedulable flush). */
  #arm(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    const next = this.#backoff.peek();
    const wait = next ? Math.max(1, next.backoffExpiry - this.#now()) : this.#unschedulable.size ? 30_000 : undefined;
    if (wait === undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flushBackoff();
      this.#flushUnschedulable();
      this.#arm();
    }, wait);
    this.#timer.unref?.();
  }

  #index(q: QueuedPodInfo): void {
    if (!q.gang) return;
    let s = this.#gangs.get(q.gang);
    if (!s) this.#gangs.set(q.gang, (s = new Set()));
    s.add(q.info.key);
  }

  #unindex(q: QueuedPodInfo): void {
    if (!q.gang) return;
    const s = this.#gangs.get(q.gang);
    s?.delete(q.info.key);
    if (s?.size === 0) this.#gangs.delete(q.gang);
  }
}
