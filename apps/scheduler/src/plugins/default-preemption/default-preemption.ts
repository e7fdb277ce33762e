/**
 * DefaultPreemption (PostFilter): when no node fits, find one node where evicting pods of
 * lower priority makes the pod fit. Per candidate node: remove every lower-priority pod,
 * check the pod fits, then give back ("reprieve") as many victims as possible, highest
 * priority first. Pick the node whose victims have the lowest top priority, then the fewest
 * victims. Victims are deleted gracefully and the pod is nominated to the node
 * (status.nominatedNodeName); it is retried when the victims are gone.
 */
import type { NodeInfo } from '../../cache/node-info.ts';
import type { PodInfo } from '../../cache/pod-info.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { Handle } from '../../framework/handle.ts';
import type { PostFilterPlugin, PostFilterResult } from '../../framework/interface.ts';
import { SUCCESS, unschedulable, type Status } from '../../framework/status.ts';
import { PODS } from '../../refs.ts';
import { DefaultPreemption as NAME } from '../names.ts';

export interface Candidate {
  node: string;
  victims: PodInfo[];
}

const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

export function preemptionMessage(all: number, counts: Map<string, number>): string {
  const parts = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([r, n]) => `${n} ${r}`);
  return `preemption: 0/${all} nodes are available: ${parts.join(', ')}.`;
}

export class DefaultPreemptionPlugin implements PostFilterPlugin {
  readonly name = NAME;
  readonly #h: Handle;
  constructor(h: Handle) {
    this.#h = h;
  }

  postFilter(state: CycleState, pod: PodInfo, filtered: ReadonlyMap<string, Status>): PostFilterResult {
    const all = this.#h.cache.nodeCount;
    if (pod.pod.spec?.preemptionPolicy === 'Never') return { status: unschedulable('preemption: not eligible due to preemptionPolicy=Never.') };
    const counts = new Map<string, number>();
    const bump = (r: string, n = 1): void => void counts.set(r, (counts.get(r) ?? 0) + n);
    bump(NOT_HELPFUL, all - filtered.size); // nodes PreFilter already excluded
    const candidates: Candidate[] = [];
    for (const [name, s] of filtered) {
      const node = this.#h.cache.getNode(name);
      if (s.code !== 'Unschedulable' || !node) {
        bump(NOT_HELPFUL);
        continue;
      }
      const c = this.selectVictims(state, pod, node);
      if (c) candidates.push(c);
      else bump(NO_VICTIMS);
    }
    for (const [k, v] of counts) if (v <= 0) counts.delete(k);
    const best = pickBest(candidates);
    if (!best) return { status: unschedulable(preemptionMessage(all, counts)) };
    void this.#execute(pod, best);
    return { status: { ...SUCCESS, reasons: [] }, nominatedNodeName: best.node };
  }

  selectVictims(state: CycleState, pod: PodInfo, node: NodeInfo): Candidate | undefined {
    const fw = this.#h.framework();
    const lower = [...node.pods.values()].filter((p) => p.priority < pod.priority && !p.pod.metadata.deletionTimestamp);
    if (lower.length === 0) return undefined;
    const sim = node.clone();
    for (const v of lower) sim.removePod(v.key);
    const st = state.clone();
    if (fw.runFilter(st, pod, sim).code !== 'Success') return undefined;
    const victims: PodInfo[] = [];
    for (const v of lower.sort((a, b) => b.priority - a.priority)) {
      sim.addPod(v);
      if (fw.runFilter(st, pod, sim).code !== 'Success') {
        sim.removePod(v.key);
        victims.push(v);
      }
    }
    return victims.length ? { node: node.name, victims } : undefined;
  }

  async #execute(pod: PodInfo, c: Candidate): Promise<void> {
    const api = this.#h.api;
    try {
      await api.patch(PODS, pod.name, 'merge', { status: { nominatedNodeName: c.node } }, { namespace: pod.namespace, subresource: 'status' });
    } catch (e) {
      this.#h.log.warn({ err: e, pod: pod.key }, 'could not set nominatedNodeName');
    }
    for (const v of c.victims) {
      // Graceful: the pod's own terminationGracePeriodSeconds applies (no override).
      await api.delete(PODS, v.name, { namespace: v.namespace, preconditions: { uid: v.uid } }).catch((e: unknown) => this.#h.log.warn({ err: e, victim: v.key }, 'could not delete preemption victim'));
    }
  }
}

/** Lowest top victim priority, then lowest priority sum, then fewest victims, then node name. */
export function pickBest(cs: Candidate[]): Candidate | undefined {
  const key = (c: Candidate): number[] => [Math.max(...c.victims.map((v) => v.priority)), c.victims.reduce((a, v) => a + v.priority, 0), c.victims.length];
  const cmp = (a: Candidate, b: Candidate): number => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
  };
  return [...cs].sort(cmp)[0];
}
