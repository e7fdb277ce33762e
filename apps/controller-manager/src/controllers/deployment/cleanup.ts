/** revisionHistoryLimit: delete the oldest idle ReplicaSets beyond the limit (cleanupDeployment). */
import type { ReplicaSet } from '@skiff/api';
import { isNotFound } from '@skiff/client';
import { replicaSetsRef } from '../../refs.ts';
import { nsOpts, type SyncContext } from './context.ts';
import { revisionOf, specReplicas } from './util.ts';

export async function cleanupDeployment(c: SyncContext, oldRSs: readonly ReplicaSet[]): Promise<void> {
  const limit = c.d.spec?.revisionHistoryLimit;
  if (limit === undefined) return;
  const alive = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const excess = alive.length - limit;
  if (excess <= 0) return;
  const oldestFirst = [...alive].sort((a, b) => revisionOf(a) - revisionOf(b) || (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
  for (const rs of oldestFirst.slice(0, excess)) {
    const idle = (rs.status?.replicas ?? 0) === 0 && specReplicas(rs) === 0 && (rs.status?.observedGeneration ?? 0) >= (rs.metadata.generation ?? 0);
    if (!idle) continue;
    try {
      await c.client.delete(replicaSetsRef, rs.metadata.name ?? '', nsOpts(c));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
