/**
 * One gang notion for both APIs:
 * - upstream Workload API (scheduling.k8s.io/v1alpha2): pod.spec.schedulingGroup.podGroupName
 *   → PodGroup with schedulingPolicy.gang.minCount (a `basic` policy is no gang);
 * - scheduler-plugins Coscheduling (scheduling.x-k8s.io/v1alpha1): pod label
 *   scheduling.x-k8s.io/pod-group → PodGroup with spec.minMember.
 * Both reduce to a key, a minimum and a creation time (the order gangs are tried in).
 */
import type { Pod } from '@skiff/api';
import { POD_GROUP_LABEL } from '@skiff/api';
import type { Listers } from '../framework/handle.ts';

export type GangKind = 'PodGroup' | 'CoschedulingPodGroup';

export interface GangRef {
  key: string;
  kind: GangKind;
  namespace: string;
  name: string;
}

export interface GangInfo extends GangRef {
  exists: boolean;
  /** False for an upstream PodGroup with the `basic` policy: its pods schedule one by one. */
  isGang: boolean;
  minCount: number;
  createdAt: number;
  /** scheduler-plugins' spec.scheduleTimeoutSeconds (the Workload API has no such field). */
  timeoutSeconds?: number | undefined;
}

export function gangRefOf(pod: Pod): GangRef | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const upstream = pod.spec?.schedulingGroup?.podGroupName;
  if (upstream) return { key: `pg:${ns}/${upstream}`, kind: 'PodGroup', namespace: ns, name: upstream };
  const label = (pod.metadata.labels as Record<string, string> | undefined)?.[POD_GROUP_LABEL];
  if (label) return { key: `co:${ns}/${label}`, kind: 'CoschedulingPodGroup', namespace: ns, name: label };
  return undefined;
}

export function gangInfo(listers: Listers, ref: GangRef): GangInfo {
  if (ref.kind === 'PodGroup') {
    const pg = listers.podGroups.get(ref.namespace, ref.name);
    const gang = pg?.spec.schedulingPolicy.gang;
    return { ...ref, exists: !!pg, isGang: !pg || !!gang, minCount: gang?.minCount ?? 1, createdAt: created(pg?.metadata.creationTimestamp) };
  }
  const pg = listers.coschedulingPodGroups.get(ref.namespace, ref.name);
  return { ...ref, exists: !!pg, isGang: true, minCount: Math.max(1, pg?.spec?.minMember ?? 1), createdAt: created(pg?.metadata.creationTimestamp), timeoutSeconds: pg?.spec?.scheduleTimeoutSeconds ?? undefined };
}

function created(ts: string | null | undefined): number {
  const t = ts ? Date.parse(ts) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

export const gangDisplay = (g: GangRef): string => `${g.namespace}/${g.name}`;
