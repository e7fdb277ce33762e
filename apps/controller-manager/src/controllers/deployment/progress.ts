/**
 * The Progressing condition and progressDeadlineSeconds (upstream progress.go): progress
 * refreshes lastUpdateTime; no progress for the deadline → False/ProgressDeadlineExceeded;
 * all replicas updated and available → True/NewReplicaSetAvailable.
 */
import type { Deployment, ReplicaSet } from '@skiff/api';
import type { Result } from '@skiff/controller';
import { getCondition, newCondition, removeCondition, setCondition, type DeploymentStatus } from './conditions.ts';
import type { SyncContext } from './context.ts';
import { calculateStatus, writeStatus } from './status.ts';
import { replicasOf } from './util.ts';

const hasDeadline = (d: Deployment): boolean => d.spec?.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds < 2147483647;

export function setProgressing(c: SyncContext, status: 'True' | 'False' | 'Unknown', reason: string, message: string): void {
  c.d.status ??= {};
  setCondition(c.d.status, newCondition('Progressing', status, reason, message, c.now));
}

export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const n = replicasOf(d);
  return s.updatedReplicas === n && s.replicas === n && s.availableReplicas === n && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

function progressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

function timedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  if (!hasDeadline(d)) return false;
  const cond = getCondition(s, 'Progressing');
  if (!cond || cond.reason === 'NewReplicaSetAvailable') return false;
  if (cond.reason === 'ProgressDeadlineExceeded') return true;
  const from = Date.parse(cond.lastUpdateTime ?? '');
  return Number.isFinite(from) && from + (d.spec?.progressDeadlineSeconds ?? 600) * 1000 < now;
}

export async function syncRolloutStatus(c: SyncContext, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): Promise<Result> {
  const d = c.d;
  const s = calculateStatus(c, allRSs, newRS);
  if (!hasDeadline(d)) removeCondition(s, 'Progressing');
  const cur = getCondition(s, 'Progressing');
  const complete = s.replicas === s.updatedReplicas && cur?.reason === 'NewReplicaSetAvailable';
  const name = newRS?.metadata.name ?? '';
  if (hasDeadline(d) && !complete) {
    if (deploymentComplete(d, s)) setCondition(s, newCondition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${name}" has successfully progressed.`, c.now));
    else if (progressing(d, s)) {
      const cond = newCondition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${name}" is progressing.`, c.now);
      if (cur?.status === 'True' && cur.lastTransitionTime) cond.lastTransitionTime = cur.lastTransitionTime;
      removeCondition(s, 'Progressing');
      setCondition(s, cond);
    } else if (timedOut(d, s, c.now)) setCondition(s, newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${name}" has timed out progressing.`, c.now));
  }
  const failure = allRSs.flatMap((rs) => rs.status?.conditions ?? []).find((x) => x.type === 'ReplicaFailure' && x.status === 'True');
  if (failure) setCondition(s, newCondition('ReplicaFailure', 'True', failure.reason ?? 'FailedCreate', failure.message ?? '', c.now));
  else removeCondition(s, 'ReplicaFailure');
  await writeStatus(c, s);
  return requeueStuck(d, s, c.now);
}

/** Come back when the deadline would pass without progress. */
function requeueStuck(d: Deployment, s: DeploymentStatus, now: number): Result {
  const cond = getCondition(s, 'Progressing');
  if (!hasDeadline(d) || !cond || deploymentComplete(d, s) || cond.reason === 'NewReplicaSetAvailable' || cond.reason === 'ProgressDeadlineExceeded') return {};
  const from = Date.parse(cond.lastUpdateTime ?? '');
  if (!Number.isFinite(from)) return {};
  const after = from + (d.spec?.progressDeadlineSeconds ?? 600) * 1000 - now;
  return { requeueAfterMs: Math.max(1000, after + 100) };
}

/** Paused / resumed as Progressing=Unknown (only with a progress deadline). */
export function checkPausedConditions(c: SyncContext): void {
  const d = c.d;
  if (!hasDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  const pausedCond = cond?.reason === 'DeploymentPaused';
  if (d.spec?.paused && !pausedCond) setProgressing(c, 'Unknown', 'DeploymentPaused', 'Deployment is paused');
  else if (!d.spec?.paused && pausedCond) setProgressing(c, 'Unknown', 'DeploymentResumed', 'Deployment is resumed');
}
