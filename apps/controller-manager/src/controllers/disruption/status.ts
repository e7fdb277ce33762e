/**
 * A budget's status from its pods (upstream disruption.go buildDisruptedPodMap,
 * countHealthyPods, updatePdbStatus, failSafe and pdbhelper's DisruptionAllowed condition).
 */
import type { Pod, PodDisruptionBudget } from '@skiff/api';
import { nowRfc3339 } from '@skiff/api';
import { isPodReady, isTerminating } from '../../util/pods.ts';

export type BudgetStatus = NonNullable<PodDisruptionBudget['status']>;
type Condition = NonNullable<BudgetStatus['conditions']>[number];

/** upstream DeletionTimeout: an evicted pod not yet being deleted after this is counted again. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

/**
 * The entries of status.disruptedPods still worth keeping: the pod exists, is not yet being
 * deleted (then the pod itself says it is going) and was evicted less than DELETION_TIMEOUT ago.
 * recheckAt: when the earliest kept entry expires, so the budget is looked at again then.
 */
export function disruptedPodMap(pods: readonly Pod[], pdb: PodDisruptionBudget, now: number): { disrupted: Record<string, string>; recheckAt?: number } {
  const recorded = pdb.status?.disruptedPods ?? {};
  const disrupted: Record<string, string> = {};
  let recheckAt: number | undefined;
  for (const p of pods) {
    const name = p.metadata.name ?? '';
    const at = recorded[name];
    if (isTerminating(p) || at === undefined) continue;
    const expires = Date.parse(at) + DELETION_TIMEOUT_MS;
    if (!(expires > now)) continue; // the eviction's delete never came: count the pod again
    disrupted[name] = at;
    if (recheckAt === undefined || expires < recheckAt) recheckAt = expires;
  }
  return recheckAt === undefined ? { disrupted } : { disrupted, recheckAt };
}

/** Ready pods that are neither being deleted nor recently evicted. */
export function countHealthy(pods: readonly Pod[], disrupted: Record<string, string>): number {
  return pods.filter((p) => !isTerminating(p) && disrupted[p.metadata.name ?? ''] === undefined && isPodReady(p)).length;
}

/** Set the DisruptionAllowed condition; lastTransitionTime moves only when its status flips. */
export function withCondition(conds: readonly Condition[] | undefined, next: Omit<Condition, 'lastTransitionTime'>, now: number): Condition[] {
  const list = [...(conds ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const old = i >= 0 ? list[i] : undefined;
  const merged: Condition = { ...next, lastTransitionTime: old && old.status === next.status && old.lastTransitionTime ? old.lastTransitionTime : nowRfc3339(now) };
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}

export interface Counts {
  expectedPods: number;
  desiredHealthy: number;
  currentHealthy: number;
  disrupted: Record<string, string>;
}

export function budgetStatus(pdb: PodDisruptionBudget, c: Counts, now: number): BudgetStatus {
  // expectedPods 0: a budget that matches nothing yet must not allow disruptions of the pods it is about to match.
  const disruptionsAllowed = c.expectedPods > 0 ? Math.max(0, c.currentHealthy - c.desiredHealthy) : 0;
  const observedGeneration = pdb.metadata.generation ?? 0;
  const allowed = disruptionsAllowed > 0;
  const status: BudgetStatus = {
    observedGeneration,
    disruptionsAllowed,
    currentHealthy: c.currentHealthy,
    desiredHealthy: c.desiredHealthy,
    expectedPods: c.expectedPods,
    conditions: withCondition(pdb.status?.conditions, { type: 'DisruptionAllowed', status: allowed ? 'True' : 'False', reason: allowed ? 'SufficientPods' : 'InsufficientPods', message: '', observedGeneration }, now),
  };
  if (Object.keys(c.disrupted).length) status.disruptedPods = c.disrupted;
  return status;
}

/** What a budget says when it cannot be computed: nothing may be disrupted, and why (reason SyncFailed). */
export function failSafeStatus(pdb: PodDisruptionBudget, message: string, now: number): BudgetStatus {
  const st = structuredClone(pdb.status ?? {});
  st.disruptionsAllowed = 0;
  st.conditions = withCondition(st.conditions, { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message, observedGeneration: st.observedGeneration ?? 0 }, now);
  return st;
}
