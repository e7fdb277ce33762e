/**
 * RollingUpdate (upstream rolling.go): grow the new ReplicaSet while the total stays within
 * replicas + maxSurge; shrink old ones (unhealthy first) while available pods stay at least
 * replicas − maxUnavailable. Each step writes and returns; the resulting events drive the next.
 */
import type { ReplicaSet } from '@skiff/api';
import type { Result } from '@skiff/controller';
import { cleanupDeployment } from './cleanup.ts';
import type { SyncContext } from './context.ts';
import { getAllReplicaSetsAndSyncRevision } from './new-rs.ts';
import { deploymentComplete, syncRolloutStatus } from './progress.ts';
import { scaleReplicaSet } from './scale.ts';
import { calculateStatus } from './status.ts';
import { activeReplicaSets, byCreation, maxUnavailable, newRSNewReplicas, replicasOf, specReplicas, totalAvailable, totalSpecReplicas } from './util.ts';

export async function rolloutRolling(c: SyncContext, rsList: readonly ReplicaSet[]): Promise<Result> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(c, rsList, true);
  const allRSs = [...oldRSs, ...(newRS ? [newRS] : [])];
  // Availability comes from ReplicaSet status: never act on a status older than the spec it reports on.
  if (allRSs.some((rs) => (rs.status?.observedGeneration ?? 0) < (rs.metadata.generation ?? 0))) return syncRolloutStatus(c, allRSs, newRS);
  if (newRS && (await reconcileNewReplicaSet(c, allRSs, newRS))) return syncRolloutStatus(c, allRSs, newRS);
  if (newRS && (await reconcileOldReplicaSets(c, allRSs, activeReplicaSets(oldRSs), newRS))) return syncRolloutStatus(c, allRSs, newRS);
  if (deploymentComplete(c.d, calculateStatus(c, allRSs, newRS))) await cleanupDeployment(c, oldRSs);
  return syncRolloutStatus(c, allRSs, newRS);
}

async function reconcileNewReplicaSet(c: SyncContext, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  const want = replicasOf(c.d);
  if (specReplicas(newRS) === want) return false;
  const size = specReplicas(newRS) > want ? want : newRSNewReplicas(c.d, allRSs, newRS);
  if (size === specReplicas(newRS)) return false;
  await scaleReplicaSet(c, newRS, size);
  return true;
}

async function reconcileOldReplicaSets(c: SyncContext, allRSs: readonly ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  if (totalSpecReplicas(oldRSs) === 0) return false;
  const minAvailable = replicasOf(c.d) - maxUnavailable(c.d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = totalSpecReplicas(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  // Unhealthy replicas first: scaling them down costs no availability.
  let cleaned = 0;
  const olds = [...oldRSs].sort(byCreation);
  for (let i = 0; i < olds.length && cleaned < maxScaledDown; i++) {
    const rs = olds[i]!;
    const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
    if (specReplicas(rs) === 0 || unhealthy <= 0) continue;
    const n = Math.min(maxScaledDown - cleaned, unhealthy);
    olds[i] = await scaleReplicaSet(c, rs, specReplicas(rs) - n);
    cleaned += n;
  }
  // Then healthy ones, as far as availability allows.
  const available = totalAvailable([...olds, newRS]);
  let scaled = 0;
  if (available > minAvailable) {
    const budget = available - minAvailable;
    for (const rs of olds) {
      if (scaled >= budget) break;
      if (specReplicas(rs) === 0) continue;
      const n = Math.min(specReplicas(rs), budget - scaled);
      await scaleReplicaSet(c, rs, specReplicas(rs) - n);
      scaled += n;
    }
  }
  return cleaned + scaled > 0;
}
