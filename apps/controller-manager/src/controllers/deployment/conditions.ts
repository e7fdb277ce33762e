/** Deployment conditions with upstream's SetDeploymentCondition rules. */
import type { Deployment } from '@skiff/api';
import { nowRfc3339 } from '@skiff/api';

export type DeploymentStatus = NonNullable<Deployment['status']>;
export type DeploymentCondition = NonNullable<DeploymentStatus['conditions']>[number];
type CondStatus = DeploymentCondition['status'];

export function newCondition(type: string, status: CondStatus, reason: string, message: string, now: number): DeploymentCondition {
  const t = nowRfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getCondition(s: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return s?.conditions?.find((c) => c.type === type);
}

/** No change when status and reason are the same; lastTransitionTime kept when only the reason moves. */
export function setCondition(s: DeploymentStatus, cond: DeploymentCondition): void {
  const cur = getCondition(s, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const next = { ...cond };
  if (cur && cur.status === cond.status && cur.lastTransitionTime) next.lastTransitionTime = cur.lastTransitionTime;
  s.conditions = [...(s.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeCondition(s: DeploymentStatus, type: string): void {
  s.conditions = (s.conditions ?? []).filter((c) => c.type !== type);
}
