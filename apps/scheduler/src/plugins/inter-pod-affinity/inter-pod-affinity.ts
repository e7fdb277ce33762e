/**
 * InterPodAffinity: required pod (anti-)affinity filters, preferred terms score.
 * PreFilter counts, per topology value, the existing pods matching each of the incoming
 * pod's terms, and the existing pods whose required anti-affinity the incoming pod would
 * violate (the symmetric rule); Filter then only looks up the node's topology values.
 */
import { matchesLabels } from '@skiff/api';
import type { NodeInfo } from '../../cache/node-info.ts';
import type { AffinityTerm, PodInfo } from '../../cache/pod-info.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { Handle } from '../../framework/handle.ts';
import type { EnqueueExtensions, FilterPlugin, NodeScore, PreFilterPlugin, PreFilterResult, PreScorePlugin, ScorePlugin } from '../../framework/interface.ts';
import { MAX_NODE_SCORE } from '../../framework/interface.ts';
import { SKIP, SUCCESS, unschedulable, unresolvable, type Status } from '../../framework/status.ts';
import { ev } from '../../queue/events.ts';
import { InterPodAffinity as NAME } from '../names.ts';

export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI = "node(s) didn't satisfy existing pods anti-affinity rules";

type Counts = Map<string, number>; // topology value → matching pods
interface FilterState {
  existingAnti: Map<string, Set<string>>; // topologyKey → values excluded by existing pods
  affinity: Counts[];
  anti: Counts[];
  anyAffinityMatch: boolean;
}
const FKEY = `${NAME}/filter`;
const SKEY = `${NAME}/score`;

const inc = (m: Counts, v: string, by = 1): void => void m.set(v, (m.get(v) ?? 0) + by);

export class InterPodAffinityPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;
  readonly #h: Handle | undefined;
  constructor(h?: Handle) {
    this.#h = h;
  }

  events() {
    return [ev('Pod', '*'), ev('Node', 'Add'), ev('Node', 'Update')];
  }

  /** Does `term` (owned by a pod in `ownerNs`) select `target`? */
  matches(term: AffinityTerm, target: PodInfo): boolean {
    if (!term.allNamespaces && !term.namespaces.has(target.namespace)) {
      if (term.namespaces.size > 0 || !this.#nsSelectorMatches(term, target.namespace)) return false;
    }
    return matchesLabels(term.selector, target.pod.metadata.labels as Record<string, string> | undefined);
  }

  #nsSelectorMatches(_term: AffinityTerm, _ns: string): boolean {
    // namespaceSelector with labels: resolved through the namespace lister when available.
    return this.#h !== undefined && false;
  }

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterResult {
    const st: FilterState = { existingAnti: new Map(), affinity: pod.requiredAffinity.map(() => new Map()), anti: pod.requiredAntiAffinity.map(() => new Map()), anyAffinityMatch: false };
    const needScan = pod.requiredAffinity.length + pod.requiredAntiAffinity.length > 0;
    // Nothing to check either way: skip the scan over every node (the common case).
    if (!needScan && this.#h && this.#h.cache.requiredAntiAffinityPods === 0) return { status: SKIP };
    let any = needScan;
    for (const n of nodes) {
      const labels = n.labels;
      for (const e of n.podsWithRequiredAntiAffinity.values()) {
        for (const t of e.requiredAntiAffinity) {
          const v = labels[t.topologyKey];
          if (v === undefined || !this.matches(t, pod)) continue;
          let s = st.existingAnti.get(t.topologyKey);
          if (!s) st.existingAnti.set(t.topologyKey, (s = new Set()));
          s.add(v);
          any = true;
        }
      }
      if (!needScan) continue;
      for (const e of n.pods.values()) {
        pod.requiredAffinity.forEach((t, i) => {
          const v = labels[t.topologyKey];
          if (v !== undefined && this.matches(t, e)) {
            inc(st.affinity[i]!, v);
            st.anyAffinityMatch = true;
          }
        });
        pod.requiredAntiAffinity.forEach((t, i) => {
          const v = labels[t.topologyKey];
          if (v !== undefined && this.matches(t, e)) inc(st.anti[i]!, v);
        });
      }
    }
    if (!any) return { status: SKIP };
    state.write(FKEY, st);
    return { status: SUCCESS };
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const st = state.read<FilterState>(FKEY);
    if (!st) return SUCCESS;
    const labels = node.labels;
    for (const [key, values] of st.existingAnti) {
      const v = labels[key];
      if (v !== undefined && values.has(v)) return unschedulable(ERR_EXISTING_ANTI);
    }
    for (let i = 0; i < pod.requiredAntiAffinity.length; i++) {
      const v = labels[pod.requiredAntiAffinity[i]!.topologyKey];
      if (v !== undefined && (st.anti[i]!.get(v) ?? 0) > 0) return unschedulable(ERR_ANTI_AFFINITY);
    }
    if (pod.requiredAffinity.length) {
      let ok = true;
      for (let i = 0; i < pod.requiredAffinity.length; i++) {
        const v = labels[pod.requiredAffinity[i]!.topologyKey];
        if (v === undefined) return unresolvable(ERR_AFFINITY);
        if ((st.affinity[i]!.get(v) ?? 0) === 0) ok = false;
      }
      // The first pod of a group that selects itself may go anywhere with the topology labels.
      if (!ok && !(!st.anyAffinityMatch && pod.requiredAffinity.every((t) => this.matches(t, pod)))) return unschedulable(ERR_AFFINITY);
    }
    return SUCCESS;
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status {
    const scores = new Map<string, Counts>(); // topologyKey → value → weight
    const own = pod.preferredAffinity.length + pod.preferredAntiAffinity.length > 0;
    let touched = false;
    for (const n of nodes) {
      const labels = n.labels;
      const add = (t: AffinityTerm, target: PodInfo, sign: number): void => {
        const v = labels[t.topologyKey];
        if (v === undefined || !this.matches(t, target)) return;
        let m = scores.get(t.topologyKey);
        if (!m) scores.set(t.topologyKey, (m = new Map()));
        inc(m, v, sign * t.weight);
        touched = true;
      };
      const existing = own ? n.pods.values() : n.podsWithAffinity.values();
      for (const e of existing) {
        for (const t of pod.preferredAffinity) add(t, e, 1);
        for (const t of pod.preferredAntiAffinity) add(t, e, -1);
        // Symmetry: existing pods' preferences about the incoming pod count too.
        for (const t of e.preferredAffinity) add(t, pod, 1);
        for (const t of e.preferredAntiAffinity) add(t, pod, -1);
      }
    }
    if (!touched) return SKIP;
    state.write(SKEY, scores);
    return SUCCESS;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const scores = state.read<Map<string, Counts>>(SKEY);
    if (!scores) return 0;
    let s = 0;
    const labels = node.labels;
    for (const [key, m] of scores) {
      const v = labels[key];
      if (v !== undefined) s += m.get(v) ?? 0;
    }
    return s;
  }

  normalize(_s: CycleState, _p: PodInfo, scores: NodeScore[]): void {
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      min = Math.min(min, s.score);
      max = Math.max(max, s.score);
    }
    const span = max - min;
    for (const s of scores) s.score = span === 0 ? 0 : ((s.score - min) * MAX_NODE_SCORE) / span;
  }
}
