/**
 * The bind barrier: a gang member that finished PreBind (its claims are written) waits here
 * until at least minCount members of its gang are as far (or already bound), then all go to
 * Bind together. Upstream Coscheduling lets each allowed member bind on its own, so a claim
 * write conflicting for one member after others bound left the gang half-bound; here a
 * failure before this point rejects the whole attempt instead, and every member's Unreserve
 * rolls its claims back. Waiters hold their Reserve; a timeout rejects them.
 */
import { SUCCESS, unschedulable, type Status } from '../../framework/status.ts';

interface Waiter {
  resolve(s: Status): void;
  timer: ReturnType<typeof setTimeout>;
}

export class BindBarrier {
  readonly #ready = new Map<string, Set<string>>();
  readonly #waiters = new Map<string, Map<string, Waiter>>();
  readonly #plugin: string;

  constructor(plugin: string) {
    this.#plugin = plugin;
  }

  markReady(gang: string, pod: string): void {
    let s = this.#ready.get(gang);
    if (!s) this.#ready.set(gang, (s = new Set()));
    s.add(pod);
  }

  readyKeys(gang: string): ReadonlySet<string> {
    return this.#ready.get(gang) ?? new Set();
  }

  /** Wait to be released or rejected; rejected with `timeoutReason` after timeoutMs. */
  wait(gang: string, pod: string, timeoutMs: number, timeoutReason: string): Promise<Status> {
    return new Promise((resolve) => {
      let ws = this.#waiters.get(gang);
      if (!ws) this.#waiters.set(gang, (ws = new Map()));
      const timer = setTimeout(() => this.#finish(gang, pod, { ...unschedulable(timeoutReason), plugin: this.#plugin }), timeoutMs);
      timer.unref?.();
      ws.set(pod, { resolve, timer });
    });
  }

  waiting(gang: string): number {
    return this.#waiters.get(gang)?.size ?? 0;
  }

  release(gang: string): void {
    for (const pod of [...(this.#waiters.get(gang)?.keys() ?? [])]) this.#finish(gang, pod, SUCCESS);
  }

  reject(gang: string, reason: string): void {
    for (const pod of [...(this.#waiters.get(gang)?.keys() ?? [])]) this.#finish(gang, pod, { ...unschedulable(reason), plugin: this.#plugin });
  }

  /** The member bound, or gave its reservation back. */
  forget(gang: string, pod: string): void {
    const s = this.#ready.get(gang);
    s?.delete(pod);
    if (s?.size === 0) this.#ready.delete(gang);
    this.#finish(gang, pod, { ...unschedulable('member left the gang attempt'), plugin: this.#plugin });
  }

  #finish(gang: string, pod: string, s: Status): void {
    const ws = this.#waiters.get(gang);
    const w = ws?.get(pod);
    if (!w) return;
    clearTimeout(w.timer);
    ws!.delete(pod);
    if (ws!.size === 0) this.#waiters.delete(gang);
    w.resolve(s);
  }
}
