/**
 * Changing ReplicaSet sizes: one PUT carrying the cached resourceVersion (a stale cache
 * gets Conflict, never a double scale), with the desired/max-replicas annotations; and
 * proportional scaling when the Deployment is resized mid-rollout (upstream sync.go scale).
 */
import type { ReplicaSet } from '@skiff/api';
import { deploymentsRef, replicaSetsRef } from '../../refs.ts';
import { about } from '../../util/events.ts';
import { nsOpts, type SyncContext } from './context.ts';
import { activeReplicaSets, DESIRED_REPLICAS_ANNOTATION, isSaturated, MAX_REPLICAS_ANNOTATION, maxSurge, replicasOf, setReplicasAnnotations, specReplicas, totalSpecReplicas } from './util.ts';

/** Returns the ReplicaSet as written (or unchanged). */
export async function scaleReplicaSet(c: SyncContext, rs: ReplicaSet, size: number): Promise<ReplicaSet> {
  const copy = structuredClone(rs) as ReplicaSet;
  const annotationsChanged = setReplicasAnnotations(copy, replicasOf(c.d), replicasOf(c.d) + maxSurge(c.d));
  if (specReplicas(rs) === size && !annotationsChanged) return rs;
  copy.spec = { ...copy.spec!, replicas: size };
  const out = await c.client.update(replicaSetsRef, copy, nsOpts(c));
  if (specReplicas(rs) !== size) scalingEvent(c, rs.metadata.name ?? '', specReplicas(rs), size);
  return out;
}

/** Upstream's ScalingReplicaSet event, the lines `kubectl describe deployment` shows. */
export function scalingEvent(c: SyncContext, rsName: string, from: number, to: number): void {
  c.events.event(about(deploymentsRef, c.d), 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rsName} from ${from} to ${to}`);
}

/** A resize of the Deployment itself: an active RS whose desired-replicas annotation disagrees. */
export function isScalingEvent(c: SyncContext, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): boolean {
  for (const rs of activeReplicaSets([newRS, ...oldRSs])) {
    const desired = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
    if (desired !== undefined && desired !== String(replicasOf(c.d))) return true;
  }
  return false;
}

export async function scale(c: SyncContext, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): Promise<void> {
  const d = c.d;
  const active = activeReplicaSets([newRS, ...oldRSs]);
  const single = active.length === 1 ? active[0] : active.length === 0 ? (newRS ?? [...oldRSs].sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))[0]) : undefined;
  if (single) {
    if (specReplicas(single) !== replicasOf(d)) await scaleReplicaSet(c, single, replicasOf(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const rs of activeReplicaSets(oldRSs)) await scaleReplicaSet(c, rs, 0);
    return;
  }
  if ((d.spec?.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - totalSpecReplicas(active);
  if (toAdd === 0) return;
  // Largest first when growing, smallest first when shrinking; newer wins ties.
  const sorted = [...active].sort((a, b) => (toAdd > 0 ? specReplicas(b) - specReplicas(a) : specReplicas(a) - specReplicas(b)) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
  const sizes = new Map<ReplicaSet, number>();
  let added = 0;
  for (const rs of sorted) {
    const proportion = toAdd > 0 ? Math.min(fraction(c, rs), toAdd - added) : Math.max(fraction(c, rs), toAdd - added);
    sizes.set(rs, specReplicas(rs) + proportion);
    added += proportion;
  }
  const first = sorted[0];
  if (first && added !== toAdd) sizes.set(first, Math.max(0, (sizes.get(first) ?? 0) + toAdd - added));
  for (const rs of sorted) await scaleReplicaSet(c, rs, Math.max(0, sizes.get(rs) ?? specReplicas(rs)));
}

/** getReplicaSetFraction: this RS's share of the resize, by its max-replicas annotation. */
function fraction(c: SyncContext, rs: ReplicaSet): number {
  const d = c.d;
  if (replicasOf(d) === 0) return -specReplicas(rs);
  const target = replicasOf(d) + maxSurge(d);
  const annotated = Number.parseInt(rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION] ?? '', 10);
  const base = Number.isFinite(annotated) && annotated > 0 ? annotated : (d.status?.replicas ?? 0);
  if (base <= 0) return 0;
  return Math.round((specReplicas(rs) * target) / base) - specReplicas(rs);
}
