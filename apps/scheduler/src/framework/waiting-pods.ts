/**
 * Pods held at Permit (status Wait): the binding cycle awaits `wait()`; a plugin (or
 * anyone with the handle) calls allow/reject; the timeout rejects. Built-in gangs do not
 * need it (they are placed atomically in one cycle) but out-of-tree Permit plugins do.
 */
import { SUCCESS, unschedulable, type Status } from './status.ts';

export class WaitingPods {
  readonly #waiting = new Map<string, { resolve: (s: Status) => void; timer: ReturnType<typeof setTimeout> }>();

  wait(podKey: string, timeoutMs: number, plugin: string): Promise<Status> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.reject(podKey, `rejected due to timeout after waiting ${timeoutMs}ms at plugin ${plugin}`), timeoutMs);
      timer.unref?.();
      this.#waiting.set(podKey, { resolve, timer });
    });
  }

  allow(podKey: string): void {
    this.#finish(podKey, SUCCESS);
  }

  reject(podKey: string, reason: string): void {
    this.#finish(podKey, unschedulable(reason));
  }

  has(podKey: string): boolean {
    return this.#waiting.has(podKey);
  }

  #finish(podKey: string, s: Status): void {
    const w = this.#waiting.get(podKey);
    if (!w) return;
    clearTimeout(w.timer);
    this.#waiting.delete(podKey);
    w.resolve(s);
  }
}
