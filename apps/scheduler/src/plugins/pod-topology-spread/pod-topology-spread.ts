/**
 * PodTopologySpread: keep the number of matching pods per topology domain within maxSkew.
 * DoNotSchedule constraints filter (skew = domain count + 1 − global minimum > maxSkew),
 * ScheduleAnyway constraints score (fewer matching pods in the domain = higher score).
 * Domains are the values of topologyKey on nodes that pass the pod's node affinity
 * (nodeAffinityPolicy Honor) — upstream's defaults.
 */
import { labelSelectorFromSpec, matchesLabels, type ParsedLabelSelector } from '@skiff/api';
import type { NodeInfo } from '../../cache/node-info.ts';
import type { PodInfo } from '../../cache/pod-info.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { EnqueueExtensions, FilterPlugin, NodeScore, PreFilterPlugin, PreFilterResult, PreScorePlugin, ScorePlugin } from '../../framework/interface.ts';
import { MAX_NODE_SCORE } from '../../framework/interface.ts';
import { SKIP, SUCCESS, unschedulable, unresolvable, type Status } from '../../framework/status.ts';
import { ev } from '../../queue/events.ts';
import { podMatchesNodeSelectorAndAffinity } from '../helpers/node-selector.ts';
import { PodTopologySpread as NAME } from '../names.ts';

export const ERR_SPREAD = "node(s) didn't match pod topology spread constraints";
export const ERR_MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";

interface Constraint {
  maxSkew: number;
  key: string;
  selector: ParsedLabelSelector;
  /** The selector as a string: the key of the per-node match cache. */
  sig: string;
  minDomains: number;
  honorAffinity: boolean;
}
interface SpreadState {
  constraints: Constraint[];
  counts: Map<string, number>[];
  min: number[];
  selfMatch: number[];
}
const FKEY = `${NAME}/filter`;
const SKEY = `${NAME}/score`;

function constraintsOf(pod: PodInfo, when: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  const labels = (pod.pod.metadata.labels ?? {}) as Record<string, string>;
  const out: Constraint[] = [];
  for (const c of pod.pod.spec?.topologySpreadConstraints ?? []) {
    if (c.whenUnsatisfiable !== when) continue;
    let selector: ParsedLabelSelector;
    try {
      selector = labelSelectorFromSpec(c.labelSelector);
    } catch {
      selector = { requirements: [], nothing: true };
    }
    // matchLabelKeys: also require the incoming pod's values of these keys (e.g. pod-template-hash).
    for (const k of c.matchLabelKeys ?? []) if (labels[k] !== undefined) selector.requirements.push({ key: k, operator: '=', values: [labels[k]] });
    out.push({ maxSkew: c.maxSkew, key: c.topologyKey, selector, sig: JSON.stringify(selector), minDomains: c.minDomains ?? 1, honorAffinity: c.nodeAffinityPolicy !== 'Ignore' });
  }
  return out;
}

/**
 * Per-domain counts, kept up to date across cycles instead of rebuilt. Rebuilding meant
 * visiting every node for every pod, which was most of the time in the 5,000-node spread
 * benchmark (B6); between two cycles usually only the node that got the last pod changed.
 * One tally per (namespace, selector, topology key, node-affinity filter): it remembers each
 * node's generation (bumped on every pod or node change), domain and matching-pod count, so a
 * cycle only re-counts the nodes whose generation moved. A different node list (a node added
 * or removed, preemption's copies) rebuilds the tally.
 */
interface Tally {
  nodes: (NodeInfo | undefined)[];
  gen: number[];
  domain: (string | undefined)[];
  matching: number[];
  /** domain → matching pods; a domain is present while at least one eligible node has it. */
  counts: Map<string, number>;
  /** domain → eligible nodes in it. */
  members: Map<string, number>;
}
const tallies = new Map<string, Tally>();
const MAX_TALLIES = 256;

function matchingPods(n: NodeInfo, namespace: string | undefined, c: Constraint): number {
  let k = 0;
  for (const e of n.pods.values()) {
    if (e.namespace !== namespace || e.pod.metadata.deletionTimestamp) continue;
    if (matchesLabels(c.selector, e.pod.metadata.labels as Record<string, string> | undefined)) k++;
  }
  return k;
}

function tallyFor(key: string, nodes: readonly NodeInfo[]): Tally {
  let t = tallies.get(key);
  if (!t || t.nodes.length !== nodes.length) {
    if (!t && tallies.size >= MAX_TALLIES) tallies.delete(tallies.keys().next().value!); // oldest first
    t = { nodes: new Array(nodes.length), gen: new Array(nodes.length).fill(-1), domain: new Array(nodes.length), matching: new Array(nodes.length).fill(0), counts: new Map(), members: new Map() };
    tallies.set(key, t);
  }
  return t;
}

function count(pod: PodInfo, constraints: Constraint[], nodes: readonly NodeInfo[]): SpreadState {
  const spec = pod.pod.spec;
  const affinitySig = spec?.nodeSelector || spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ? JSON.stringify([spec?.nodeSelector, spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution]) : '';
  const counts = constraints.map((c) => {
    const filtered = c.honorAffinity && affinitySig !== '';
    const t = tallyFor(`${pod.namespace ?? ''}\u0000${c.sig}\u0000${c.key}\u0000${filtered ? affinitySig : ''}`, nodes);
    for (let j = 0; j < nodes.length; j++) {
      const n = nodes[j]!;
      if (t.nodes[j] === n && t.gen[j] === n.generation) continue;
      const old = t.domain[j];
      if (old !== undefined) {
        t.counts.set(old, t.counts.get(old)! - t.matching[j]!);
        const left = t.members.get(old)! - 1;
        if (left === 0) {
          t.members.delete(old);
          t.counts.delete(old);
        } else t.members.set(old, left);
      }
      const node = n.node;
      const v = node ? ((node.metadata.labels ?? {}) as Record<string, string>)[c.key] : undefined;
      const eligible = v !== undefined && (!filtered || podMatchesNodeSelectorAndAffinity(spec, node!));
      const k = eligible ? matchingPods(n, pod.namespace, c) : 0;
      if (eligible) {
        t.counts.set(v, (t.counts.get(v) ?? 0) + k);
        t.members.set(v, (t.members.get(v) ?? 0) + 1);
      }
      t.nodes[j] = n;
      t.gen[j] = n.generation;
      t.domain[j] = eligible ? v : undefined;
      t.matching[j] = k;
    }
    // A copy: the cycle's state must not move when a later cycle updates the tally.
    return new Map(t.counts);
  });
  const min = constraints.map((c, i) => {
    const m = counts[i]!;
    if (m.size < c.minDomains) return 0;
    let lo = Infinity;
    for (const v of m.values()) lo = Math.min(lo, v);
    return lo === Infinity ? 0 : lo;
  });
  const own = (pod.pod.metadata.labels ?? {}) as Record<string, string>;
  return { constraints, counts, min, selfMatch: constraints.map((c) => (matchesLabels(c.selector, own) ? 1 : 0)) };
}

export class PodTopologySpreadPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;
  events() {
    return [ev('Pod', '*'), ev('Node', '*')];
  }

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterResult {
    const cs = constraintsOf(pod, 'DoNotSchedule');
    if (cs.length === 0) return { status: SKIP };
    state.write(FKEY, count(pod, cs, nodes));
    return { status: SUCCESS };
  }

  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status {
    const st = state.read<SpreadState>(FKEY);
    if (!st) return SUCCESS;
    const labels = node.labels;
    for (let i = 0; i < st.constraints.length; i++) {
      const c = st.constraints[i]!;
      const v = labels[c.key];
      if (v === undefined) return unresolvable(ERR_MISSING_LABEL);
      const skew = (st.counts[i]!.get(v) ?? 0) + st.selfMatch[i]! - st.min[i]!;
      if (skew > c.maxSkew) return unschedulable(ERR_SPREAD);
    }
    return SUCCESS;
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status {
    const cs = constraintsOf(pod, 'ScheduleAnyway');
    if (cs.length === 0) return SKIP;
    state.write(SKEY, count(pod, cs, nodes));
    return SUCCESS;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const st = state.read<SpreadState>(SKEY);
    if (!st) return 0;
    let s = 0;
    for (let i = 0; i < st.constraints.length; i++) {
      const v = node.labels[st.constraints[i]!.key];
      if (v === undefined) return -1; // marked: no domain, lowest score
      // Upstream weights each constraint by log(domains + 2) so many-domain keys matter more.
      s += (st.counts[i]!.get(v) ?? 0) * Math.log(st.counts[i]!.size + 2);
    }
    return s;
  }

  normalize(_s: CycleState, _p: PodInfo, scores: NodeScore[]): void {
    let min = Infinity;
    let max = 0;
    for (const s of scores) {
      if (s.score < 0) continue;
      min = Math.min(min, s.score);
      max = Math.max(max, s.score);
    }
    for (const s of scores) {
      if (s.score < 0) s.score = 0;
      else s.score = max === 0 ? MAX_NODE_SCORE : (MAX_NODE_SCORE * (max + min - s.score)) / max;
    }
  }
}
