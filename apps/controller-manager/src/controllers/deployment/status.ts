/**
 * Deployment status from its ReplicaSets (calculateStatus), exactly the fields `kubectl
 * rollout status` reads: observedGeneration, replicas, updatedReplicas, availableReplicas;
 * plus Available (minimum availability) and the write itself (one merge patch per sync).
 */
import type { ReplicaSet } from '@skiff/api';
import { isNotFound } from '@skiff/client';
import { deploymentsRef } from '../../refs.ts';
import { statusPatch } from '../../util/status-patch.ts';
import { newCondition, setCondition, type DeploymentStatus } from './conditions.ts';
import { nsOpts, type SyncContext } from './context.ts';
import { maxUnavailable, replicasOf, sum, totalAvailable, totalSpecReplicas } from './util.ts';

export function calculateStatus(c: SyncContext, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): DeploymentStatus {
  const d = c.d;
  const available = totalAvailable(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: sum(allRSs, (rs) => rs.status?.replicas ?? 0),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum(allRSs, (rs) => rs.status?.readyReplicas ?? 0),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, totalSpecReplicas(allRSs) - available),
    terminatingReplicas: sum(allRSs, (rs) => rs.status?.terminatingReplicas ?? 0),
    conditions: structuredClone(d.status?.conditions ?? []),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (available >= replicasOf(d) - maxUnavailable(d)) setCondition(status, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', c.now));
  else setCondition(status, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', c.now));
  return status;
}

/** Write `next` if it differs from what the cache holds; true when written. */
export async function writeStatus(c: SyncContext, next: DeploymentStatus): Promise<boolean> {
  const patch = statusPatch(c.original, next);
  if (!patch) return false;
  try {
    await c.client.patch(deploymentsRef, c.d.metadata.name ?? '', 'merge', { status: patch }, { ...nsOpts(c), subresource: 'status' });
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  return true;
}

/** Status only (paused, scaling, being deleted). */
export async function syncDeploymentStatus(c: SyncContext, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): Promise<void> {
  await writeStatus(c, calculateStatus(c, allRSs, newRS));
}
