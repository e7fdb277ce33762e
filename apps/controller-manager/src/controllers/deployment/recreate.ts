/**
 * Recreate (upstream recreate.go): scale every old ReplicaSet to 0, wait until none of their
 * pods is left running, then create/scale the new one to full size.
 */
import type { ReplicaSet } from '@skiff/api';
import type { Result } from '@skiff/controller';
import { isPodFinished } from '../../util/pods.ts';
import { cleanupDeployment } from './cleanup.ts';
import type { SyncContext } from './context.ts';
import { getAllReplicaSetsAndSyncRevision } from './new-rs.ts';
import { deploymentComplete, syncRolloutStatus } from './progress.ts';
import { scaleReplicaSet } from './scale.ts';
import { calculateStatus } from './status.ts';
import { activeReplicaSets, replicasOf } from './util.ts';

export async function rolloutRecreate(c: SyncContext, rsList: readonly ReplicaSet[]): Promise<Result> {
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(c, rsList, false);
  const active = activeReplicaSets(oldRSs);
  if (active.length) {
    for (const rs of active) await scaleReplicaSet(c, rs, 0);
    return syncRolloutStatus(c, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
  }
  const oldUids = new Set(oldRSs.map((rs) => rs.metadata.uid));
  const oldRunning = c.pods.some((p) => p.metadata.ownerReferences?.some((r) => oldUids.has(r.uid)) && !isPodFinished(p));
  if (oldRunning) return syncRolloutStatus(c, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
  if (!newRS) ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(c, rsList, true));
  if (newRS) newRS = await scaleReplicaSet(c, newRS, replicasOf(c.d));
  const all = [...oldRSs, ...(newRS ? [newRS] : [])];
  if (deploymentComplete(c.d, calculateStatus(c, all, newRS))) await cleanupDeployment(c, oldRSs);
  return syncRolloutStatus(c, all, newRS);
}
