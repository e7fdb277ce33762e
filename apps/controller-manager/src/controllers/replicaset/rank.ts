/**
 * Which pods a ReplicaSet deletes first when scaling down (upstream ActivePodsWithRanks):
 * unscheduled < scheduled; Pending < Unknown < Running; not ready < ready; more siblings on
 * the same node first; ready more recently first; more restarts first; newer first.
 */
import type { Pod } from '@skiff/api';
import { isPodReady, podCondition } from '../../util/pods.ts';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(p: Pod): number {
  return Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

function time(s: string | null | undefined): number {
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) ? t : Number.POSITIVE_INFINITY;
}

/** Negative when `a` should be deleted before `b`. */
export function compareForDeletion(a: Pod, b: Pod, siblingsOnNode: (p: Pod) => number): number {
  const sa = a.spec?.nodeName ? 1 : 0;
  const sb = b.spec?.nodeName ? 1 : 0;
  if (sa !== sb) return sa - sb;
  const pa = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
  const pb = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a) ? 1 : 0;
  const rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  const na = siblingsOnNode(a);
  const nb = siblingsOnNode(b);
  if (na !== nb) return nb - na;
  if (ra && rb) {
    const ta = time(podCondition(a, 'Ready')?.lastTransitionTime);
    const tb = time(podCondition(b, 'Ready')?.lastTransitionTime);
    if (ta !== tb) return tb - ta;
  }
  const xa = restarts(a);
  const xb = restarts(b);
  if (xa !== xb) return xb - xa;
  return time(b.metadata.creationTimestamp) - time(a.metadata.creationTimestamp);
}

/** The `n` pods to delete, best candidates first. */
export function podsToDelete(pods: readonly Pod[], n: number): Pod[] {
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.spec?.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const siblings = (p: Pod): number => (p.spec?.nodeName ? (perNode.get(p.spec.nodeName) ?? 0) : 0);
  return [...pods].sort((a, b) => compareForDeletion(a, b, siblings)).slice(0, Math.max(0, n));
}
