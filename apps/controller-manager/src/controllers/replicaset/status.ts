/** ReplicaSet status from its pods (upstream calculateStatus). */
import type { Pod, ReplicaSet } from '@skiff/api';
import { nowRfc3339 } from '@skiff/api';
import { removeCondition, setCondition } from '../../util/conditions.ts';
import { isPodActive, isPodAvailable, isPodFinished, isPodReady, isTerminating } from '../../util/pods.ts';

export type ReplicaSetStatus = NonNullable<ReplicaSet['status']>;

export function calculateStatus(rs: ReplicaSet, pods: readonly Pod[], manageError: string | undefined, now: number): ReplicaSetStatus {
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const active = pods.filter(isPodActive);
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const p of active) {
    const labels = p.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(p)) ready++;
    if (isPodAvailable(p, minReady, now)) available++;
  }
  const status: ReplicaSetStatus = {
    replicas: active.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    terminatingReplicas: pods.filter((p) => isTerminating(p) && !isPodFinished(p)).length,
    observedGeneration: rs.metadata.generation ?? 0,
  };
  let conditions = rs.status?.conditions;
  if (manageError !== undefined) {
    const reason = manageError.startsWith('delete') ? 'FailedDelete' : 'FailedCreate';
    conditions = setCondition(conditions, { type: 'ReplicaFailure', status: 'True', reason, message: manageError, lastTransitionTime: nowRfc3339(now) });
  } else conditions = removeCondition(conditions, 'ReplicaFailure');
  if (conditions.length) status.conditions = conditions;
  return status;
}
