/**
 * The node-choosing half of a scheduling cycle: PreFilter → Filter (all nodes, or an
 * adaptive sample once enough feasible nodes are found, as upstream's
 * percentageOfNodesToScore; the start rotates so every node gets looked at) → Score →
 * select (highest total, ties broken at random). Pure over the cache: no writes.
 */
import type { NodeInfo } from './cache/node-info.ts';
import type { PodInfo } from './cache/pod-info.ts';
import type { SchedulerCache } from './cache/cache.ts';
import type { CycleState } from './framework/cycle-state.ts';
import type { Framework } from './framework/runtime.ts';
import type { Status } from './framework/status.ts';
import { newDiagnosis, type Diagnosis } from './explain/fit-error.ts';

export const MIN_FEASIBLE_NODES = 100;
export const MIN_PERCENTAGE = 5;

/** Upstream numFeasibleNodesToFind. `percentage` 0 = adaptive. */
export function numFeasibleNodesToFind(numAll: number, percentage: number): number {
  if (numAll < MIN_FEASIBLE_NODES || percentage >= 100) return numAll;
  let pct = percentage;
  if (pct <= 0) pct = Math.max(MIN_PERCENTAGE, 50 - Math.floor(numAll / 125));
  return Math.max(MIN_FEASIBLE_NODES, Math.floor((numAll * pct) / 100));
}

export type FindResult =
  | { ok: true; node: string; evaluated: number; feasible: number; /** Feasible nodes, best first (only when asked). */ ranked?: NodeInfo[]; /** The hint alone answered. */ hinted?: boolean }
  | { ok: false; diagnosis: Diagnosis };

export interface FindOptions {
  /**
   * Look only at these nodes (still filtered and scored); when none of them fits, the
   * normal pass runs. Consecutive pods of one shape pass the previous pod's best nodes
   * (reuse/ranking.ts): feasibility stays exact, only the search is narrower.
   */
  hint?: readonly NodeInfo[] | undefined;
  /** Return the feasible nodes ranked by total score. */
  rank?: boolean | undefined;
}

export interface Sampler {
  next: number;
  percentage: number;
  random: () => number;
}

export function findNode(fw: Framework, cache: SchedulerCache, pod: PodInfo, state: CycleState, sampler: Sampler, opts: FindOptions = {}): FindResult {
  const all = cache.nodeList();
  const diag = newDiagnosis(all.length);
  if (all.length === 0) return { ok: false, diagnosis: diag };
  const pre = fw.runPreFilter(state, pod, all);
  if (pre.status.code !== 'Success') {
    diag.preFilter = pre.status;
    if (pre.status.plugin) diag.plugins.add(pre.status.plugin);
    return { ok: false, diagnosis: diag };
  }

  // A nominated node (preemption made room there) is tried first.
  const nominated = pod.pod.status?.nominatedNodeName;
  if (nominated && !pre.nodeNames) {
    const n = cache.getNode(nominated);
    if (n && fw.runFilter(state, pod, n).code === 'Success') return { ok: true, node: n.name, evaluated: 1, feasible: 1 };
  }

  const hint = opts.hint;
  if (hint) {
    const r = hinted(fw, pod, state, pre.nodeNames ? hint.filter((n) => pre.nodeNames!.has(n.name)) : hint, sampler, opts.rank);
    if (r) return r;
  }
  const nodes = pre.nodeNames ? all.filter((n) => pre.nodeNames!.has(n.name)) : all;
  const want = numFeasibleNodesToFind(nodes.length, sampler.percentage);
  const feasible: NodeInfo[] = [];
  // Rejections are kept in arrays and turned into the diagnosis only when no node fits: the
  // map inserts per rejected node were a visible share of a 5,000-node cycle (B6 node affinity).
  const rejected: NodeInfo[] = [];
  const why: Status[] = [];
  const len = nodes.length;
  const start = len ? sampler.next % len : 0;
  let i = 0;
  for (; i < len && feasible.length < want; i++) {
    const n = nodes[(start + i) % len]!;
    const s = fw.runFilter(state, pod, n);
    if (s.code === 'Success') feasible.push(n);
    else {
      rejected.push(n);
      why.push(s);
    }
  }
  sampler.next = len ? (start + i) % len : 0;
  if (feasible.length === 0) {
    for (let k = 0; k < rejected.length; k++) {
      const s = why[k]!;
      diag.nodeStatuses.set(rejected[k]!.name, s);
      if (s.plugin) diag.plugins.add(s.plugin);
    }
  }
  // Nodes excluded by PreFilter's node set count as unresolvable for the explanation.
  if (pre.nodeNames) for (const n of all) if (!pre.nodeNames.has(n.name)) diag.nodeStatuses.set(n.name, { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't satisfy plugin(s) PreFilter node set"] });
  if (feasible.length === 0) return { ok: false, diagnosis: diag };
  return pick(fw, pod, state, feasible, i, sampler, opts.rank);
}

/** Filter and score only the hinted nodes; undefined when none of them fits. */
function hinted(fw: Framework, pod: PodInfo, state: CycleState, nodes: readonly NodeInfo[], sampler: Sampler, rank: boolean | undefined): FindResult | undefined {
  const feasible: NodeInfo[] = [];
  for (const n of nodes) if (fw.runFilter(state, pod, n).code === 'Success') feasible.push(n);
  if (feasible.length === 0) return undefined;
  const r = pick(fw, pod, state, feasible, nodes.length, sampler, rank);
  if (r.ok) r.hinted = true;
  return r;
}

/** Score the feasible nodes and take the best (ties broken at random). */
function pick(fw: Framework, pod: PodInfo, state: CycleState, feasible: NodeInfo[], evaluated: number, sampler: Sampler, rank: boolean | undefined): FindResult {
  if (feasible.length === 1) return { ok: true, node: feasible[0]!.name, evaluated, feasible: 1, ...(rank ? { ranked: feasible } : {}) };
  const totals = fw.runScore(state, pod, feasible);
  let best = 0;
  let ties = 1;
  for (let k = 1; k < feasible.length; k++) {
    if (totals[k]! > totals[best]!) {
      best = k;
      ties = 1;
    } else if (totals[k] === totals[best]) {
      ties++;
      if (sampler.random() * ties < 1) best = k; // reservoir sampling: uniform among ties
    }
  }
  const node = feasible[best]!;
  if (!rank) return { ok: true, node: node.name, evaluated, feasible: feasible.length };
  // The chosen node first (ties were broken for it), then the rest by total, best first.
  const order = feasible.map((_, k) => k).filter((k) => k !== best).sort((a, b) => totals[b]! - totals[a]!);
  return { ok: true, node: node.name, evaluated, feasible: feasible.length, ranked: [node, ...order.map((k) => feasible[k]!)] };
}
