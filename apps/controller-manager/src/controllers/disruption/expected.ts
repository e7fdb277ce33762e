/**
 * How many pods a budget expects and how many of them must stay healthy (upstream
 * disruption.go getExpectedPodCount / getExpectedScale).
 *
 * - minAvailable as an integer: desiredHealthy is that number, expectedPods the matching pods.
 * - minAvailable as a percentage, or maxUnavailable: expectedPods is the summed scale of the
 *   pods' controllers (a ReplicaSet's replicas, or its Deployment's when a Deployment owns it;
 *   a Job's parallelism, where upstream, which reads scale subresources, has no Job finder);
 *   percentages round up. Pods without a controller are left out and reported; a controller
 *   that cannot be found is an error (the caller makes the budget fail safe).
 */
import type { Deployment, Job, Pod, PodDisruptionBudget, ReplicaSet } from '@skiff/api';

export interface Owners {
  replicaSet(namespace: string, name: string): ReplicaSet | undefined;
  deployment(namespace: string, name: string): Deployment | undefined;
  job(namespace: string, name: string): Job | undefined;
}

export interface Expected {
  expectedPods: number;
  desiredHealthy: number;
  /** Matching pods with no controller: their budget cannot be computed from scale. */
  unmanaged: string[];
}

/** The budget cannot be computed (no such controller, a malformed percentage): the caller fails safe. */
export class BudgetError extends Error {}

/** intstr.GetScaledValueFromIntOrPercent with roundUp. */
export function scaled(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) throw new BudgetError(`invalid value for IntOrString: invalid value "${v}"`);
  return Math.ceil((Number(m[1]) * total) / 100);
}

const controllerOf = (p: Pod) => p.metadata.ownerReferences?.find((r) => r.controller);

/** One controller's scale, or undefined when it is not (or no longer) there with the pod's uid. */
function scaleOf(owners: Owners, ns: string, ref: { apiVersion: string; kind: string; name: string; uid: string }): { uid: string; scale: number } | undefined {
  const group = ref.apiVersion.split('/').length === 2 ? ref.apiVersion.split('/')[0] : '';
  if (ref.kind === 'ReplicaSet' && group === 'apps') {
    const rs = owners.replicaSet(ns, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    // A Deployment's ReplicaSets come and go during a rollout; its own replicas is the intent.
    const d = rs.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
    if (d) {
      const dep = owners.deployment(ns, d.name);
      return dep && dep.metadata.uid === d.uid ? { uid: d.uid, scale: dep.spec?.replicas ?? 1 } : undefined;
    }
    return { uid: rs.metadata.uid, scale: rs.spec?.replicas ?? 1 };
  }
  if (ref.kind === 'Deployment' && group === 'apps') {
    const dep = owners.deployment(ns, ref.name);
    return dep && dep.metadata.uid === ref.uid ? { uid: ref.uid, scale: dep.spec?.replicas ?? 1 } : undefined;
  }
  if (ref.kind === 'Job' && group === 'batch') {
    const job = owners.job(ns, ref.name);
    return job && job.metadata.uid === ref.uid ? { uid: ref.uid, scale: job.spec?.parallelism ?? 1 } : undefined;
  }
  return undefined;
}

function expectedScale(owners: Owners, pods: readonly Pod[]): { count: number; unmanaged: string[] } {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const p of pods) {
    const ref = controllerOf(p);
    if (!ref) {
      unmanaged.push(p.metadata.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = scaleOf(owners, p.metadata.namespace ?? '', ref);
    if (!found) throw new BudgetError(`found no controllers for pod "${p.metadata.name ?? ''}"`);
    scales.set(found.uid, found.scale);
  }
  let count = 0;
  for (const s of scales.values()) count += s;
  return { count, unmanaged };
}

export function expectedPodCount(pdb: PodDisruptionBudget, pods: readonly Pod[], owners: Owners): Expected {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined && maxUnavailable !== null) {
    const { count, unmanaged } = expectedScale(owners, pods);
    return { expectedPods: count, desiredHealthy: Math.max(0, count - scaled(maxUnavailable, count)), unmanaged };
  }
  if (typeof minAvailable === 'number') return { expectedPods: pods.length, desiredHealthy: minAvailable, unmanaged: [] };
  if (typeof minAvailable === 'string') {
    const { count, unmanaged } = expectedScale(owners, pods);
    return { expectedPods: count, desiredHealthy: scaled(minAvailable, count), unmanaged };
  }
  // Neither set: upstream leaves both at zero (such a budget allows nothing: expectedPods is 0).
  return { expectedPods: 0, desiredHealthy: 0, unmanaged: [] };
}
