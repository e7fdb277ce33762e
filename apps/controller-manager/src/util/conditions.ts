/**
 * Upstream condition bookkeeping: lastTransitionTime moves only when the status flips;
 * lastUpdateTime (Deployment) / lastProbeTime (Job) on every change.
 */
export interface BaseCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string;
}

export function findCondition<C extends BaseCondition>(conds: readonly C[] | undefined, type: string): C | undefined {
  return conds?.find((c) => c.type === type);
}

/** A new list with `next` set: keeps lastTransitionTime when the status is unchanged, and the list untouched when nothing changed. */
export function setCondition<C extends BaseCondition>(conds: readonly C[] | undefined, next: C): C[] {
  const list = [...(conds ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const old = i >= 0 ? list[i] : undefined;
  if (old && old.status === next.status && old.reason === next.reason && old.message === next.message) return list;
  const merged = { ...next } as C;
  if (old && old.status === next.status && old.lastTransitionTime) merged.lastTransitionTime = old.lastTransitionTime;
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}

export function removeCondition<C extends BaseCondition>(conds: readonly C[] | undefined, type: string): C[] {
  return (conds ?? []).filter((c) => c.type !== type);
}
