/**
 * Pods held at Permit (upstream framework's waitingPodsMap). A Permit plugin that returns
 * Wait keeps the pod here, with its Reserve still held (assumed in the cache, devices in
 * flight): the scheduling cycle registers it synchronously so a later pod's Permit in the
 * same cycle can already allow it. The pod goes on to bind once every plugin that said Wait
 * has allowed it; one rejection, or one plugin's timeout, rejects it (the binding cycle then
 * runs Unreserve and requeues it).
 */
import type { PodInfo } from '../cache/pod-info.ts';
import { SUCCESS, unschedulable, type Status } from './status.ts';

export interface WaitingPod {
  readonly pod: PodInfo;
  readonly nodeName: string;
  /** Plugins that said Wait and have not allowed the pod yet. */
  readonly pending: ReadonlySet<string>;
}

interface Entry extends WaitingPod {
  readonly pending: Set<string>;
  readonly timers: ReturnType<typeof setTimeout>[];
  readonly done: Promise<Status>;
  resolve(s: Status): void;
}

export class WaitingPods {
  readonly #waiting = new Map<string, Entry>();

  get size(): number {
    return this.#waiting.size;
  }

  /** Register the pod as waiting on these plugins (name → timeout in ms). */
  add(pod: PodInfo, nodeName: string, timeouts: ReadonlyMap<string, number>): void {
    this.#finish(pod.key, unschedulable('superseded by a new scheduling attempt'));
    let resolve!: (s: Status) => void;
    const done = new Promise<Status>((r) => (resolve = r));
    const e: Entry = { pod, nodeName, pending: new Set(timeouts.keys()), timers: [], done, resolve };
    for (const [plugin, ms] of timeouts) {
      const t = setTimeout(() => this.reject(pod.key, plugin, `rejected due to timeout after waiting ${ms / 1000}s at plugin ${plugin}`), ms);
      t.unref?.();
      e.timers.push(t);
    }
    this.#waiting.set(pod.key, e);
  }

  /** Resolves when the pod is allowed (Success) or rejected (Unschedulable); Success if it was never waiting. */
  wait(podKey: string): Promise<Status> {
    return this.#waiting.get(podKey)?.done ?? Promise.resolve(SUCCESS);
  }

  get(podKey: string): WaitingPod | undefined {
    return this.#waiting.get(podKey);
  }

  /** A snapshot: callbacks may allow or reject while iterating. */
  list(): WaitingPod[] {
    return [...this.#waiting.values()];
  }

  allow(podKey: string, plugin: string): void {
    const e = this.#waiting.get(podKey);
    if (!e) return;
    e.pending.delete(plugin);
    if (e.pending.size === 0) this.#finish(podKey, SUCCESS);
  }

  reject(podKey: string, plugin: string, reason: string): void {
    this.#finish(podKey, { ...unschedulable(reason), plugin });
  }

  #finish(podKey: string, s: Status): void {
    const e = this.#waiting.get(podKey);
    if (!e) return;
    for (const t of e.timers) clearTimeout(t);
    this.#waiting.delete(podKey);
    e.resolve(s);
  }
}
