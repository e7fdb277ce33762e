/**
 * Why a pod did not fit, in upstream's words: "0/5 nodes are available: 3 Insufficient
 * nvidia.com/gpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes
 * are available: 5 Preemption is not helpful for scheduling." Reasons are grouped with their
 * node counts, most frequent first (ties alphabetical), so the dominant cause leads.
 */
import type { Status } from '../framework/status.ts';

export interface Diagnosis {
  numAllNodes: number;
  /** Per node, the first rejecting plugin's status. */
  nodeStatuses: Map<string, Status>;
  /** When PreFilter rejected the pod before any node was looked at. */
  preFilter?: Status | undefined;
  postFilterMsg?: string | undefined;
  /** Plugins that rejected the pod somewhere: their events re-queue it. */
  plugins: Set<string>;
}

export function newDiagnosis(numAllNodes: number): Diagnosis {
  return { numAllNodes, nodeStatuses: new Map(), plugins: new Set() };
}

export function reasonHistogram(statuses: Iterable<Status>): Map<string, number> {
  const h = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) h.set(r, (h.get(r) ?? 0) + 1);
  return h;
}

export function formatHistogram(h: Map<string, number>): string {
  return [...h]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([r, n]) => `${n} ${r}`)
    .join(', ');
}

export function fitErrorMessage(d: Diagnosis): string {
  let msg = `0/${d.numAllNodes} nodes are available:`;
  if (d.preFilter) msg += ` ${d.preFilter.reasons.join(', ')}.`;
  else {
    const h = formatHistogram(reasonHistogram(d.nodeStatuses.values()));
    msg += h ? ` ${h}.` : d.numAllNodes === 0 ? ' no nodes registered.' : '';
  }
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
  return msg;
}
