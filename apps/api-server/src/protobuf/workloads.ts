/**
 * Workload and policy kinds: apps/v1 Deployment and ReplicaSet, batch/v1 Job, policy/v1
 * PodDisruptionBudget and Eviction, scheduling/v1 PriorityClass. Field numbers from
 * kubernetes/api {apps,batch,policy,scheduling}/v1/generated.proto.
 */
import { DeleteOptions, IntOrString, LabelSelector, ObjectMeta, Time } from './meta.ts';
import { PodTemplateSpec } from './pod.ts';
import { mapOf, message } from './schema.ts';

const DeploymentCondition = message('DeploymentCondition', () => ({
  1: ['type', 'string', 'keep'],
  2: ['status', 'string', 'keep'],
  6: ['lastUpdateTime', Time],
  7: ['lastTransitionTime', Time],
  4: ['reason', 'string'],
  5: ['message', 'string'],
}));

const ReplicaSetCondition = message('ReplicaSetCondition', () => ({
  1: ['type', 'string', 'keep'],
  2: ['status', 'string', 'keep'],
  3: ['lastTransitionTime', Time],
  4: ['reason', 'string'],
  5: ['message', 'string'],
}));

const JobCondition = message('JobCondition', () => ({
  1: ['type', 'string', 'keep'],
  2: ['status', 'string', 'keep'],
  3: ['lastProbeTime', Time],
  4: ['lastTransitionTime', Time],
  5: ['reason', 'string'],
  6: ['message', 'string'],
}));

const DeploymentStrategy = message('DeploymentStrategy', () => ({
  1: ['type', 'string'],
  2: ['rollingUpdate', message('RollingUpdateDeployment', () => ({ 1: ['maxUnavailable', IntOrString], 2: ['maxSurge', IntOrString] }))],
}));

const DeploymentSpec = message('DeploymentSpec', () => ({
  1: ['replicas', 'int32', 'keep'],
  2: ['selector', LabelSelector],
  3: ['template', PodTemplateSpec],
  4: ['strategy', DeploymentStrategy],
  5: ['minReadySeconds', 'int32'],
  6: ['revisionHistoryLimit', 'int32', 'keep'],
  7: ['paused', 'bool'],
  9: ['progressDeadlineSeconds', 'int32', 'keep'],
}));

const DeploymentStatus = message('DeploymentStatus', () => ({
  1: ['observedGeneration', 'int64'],
  2: ['replicas', 'int32'],
  3: ['updatedReplicas', 'int32'],
  7: ['readyReplicas', 'int32'],
  4: ['availableReplicas', 'int32'],
  5: ['unavailableReplicas', 'int32'],
  6: ['conditions', DeploymentCondition, 'repeated'],
  8: ['collisionCount', 'int32', 'keep'],
}));

export const Deployment = message('Deployment', () => ({
  1: ['metadata', ObjectMeta],
  2: ['spec', DeploymentSpec],
  3: ['status', DeploymentStatus],
}));

const ReplicaSetStatus = message('ReplicaSetStatus', () => ({
  1: ['replicas', 'int32', 'keep'],
  2: ['fullyLabeledReplicas', 'int32'],
  4: ['readyReplicas', 'int32'],
  5: ['availableReplicas', 'int32'],
  3: ['observedGeneration', 'int64'],
  6: ['conditions', ReplicaSetCondition, 'repeated'],
}));

export const ReplicaSet = message('ReplicaSet', () => ({
  1: ['metadata', ObjectMeta],
  2: [
    'spec',
    message('ReplicaSetSpec', () => ({
      1: ['replicas', 'int32', 'keep'],
      4: ['minReadySeconds', 'int32'],
      2: ['selector', LabelSelector],
      3: ['template', PodTemplateSpec],
    })),
  ],
  3: ['status', ReplicaSetStatus],
}));

const JobSpec = message('JobSpec', () => ({
  1: ['parallelism', 'int32', 'keep'],
  2: ['completions', 'int32', 'keep'],
  3: ['activeDeadlineSeconds', 'int64', 'keep'],
  7: ['backoffLimit', 'int32', 'keep'],
  4: ['selector', LabelSelector],
  5: ['manualSelector', 'bool', 'keep'],
  6: ['template', PodTemplateSpec],
  8: ['ttlSecondsAfterFinished', 'int32', 'keep'],
  9: ['completionMode', 'string', 'keep'],
  10: ['suspend', 'bool', 'keep'],
}));

const JobStatus = message('JobStatus', () => ({
  1: ['conditions', JobCondition, 'repeated'],
  2: ['startTime', Time],
  3: ['completionTime', Time],
  4: ['active', 'int32'],
  5: ['succeeded', 'int32'],
  6: ['failed', 'int32'],
  7: ['completedIndexes', 'string'],
  9: ['ready', 'int32', 'keep'],
}));

export const Job = message('Job', () => ({
  1: ['metadata', ObjectMeta],
  2: ['spec', JobSpec],
  3: ['status', JobStatus],
}));

const PodDisruptionBudgetStatus = message('PodDisruptionBudgetStatus', () => ({
  1: ['observedGeneration', 'int64'],
  2: ['disruptedPods', mapOf(Time)],
  // No omitempty on these four in the Go struct: zeros are printed.
  3: ['disruptionsAllowed', 'int32', 'keep'],
  4: ['currentHealthy', 'int32', 'keep'],
  5: ['desiredHealthy', 'int32', 'keep'],
  6: ['expectedPods', 'int32', 'keep'],
}));

export const PodDisruptionBudget = message('PodDisruptionBudget', () => ({
  1: ['metadata', ObjectMeta],
  2: [
    'spec',
    message('PodDisruptionBudgetSpec', () => ({
      1: ['minAvailable', IntOrString],
      2: ['selector', LabelSelector],
      3: ['maxUnavailable', IntOrString],
      4: ['unhealthyPodEvictionPolicy', 'string', 'keep'],
    })),
  ],
  3: ['status', PodDisruptionBudgetStatus],
}));

/** pods/eviction: what `kubectl drain` posts through its typed client. */
export const Eviction = message('Eviction', () => ({
  1: ['metadata', ObjectMeta],
  2: ['deleteOptions', DeleteOptions],
}));

export const PriorityClass = message('PriorityClass', () => ({
  1: ['metadata', ObjectMeta],
  2: ['value', 'int32', 'keep'],
  3: ['globalDefault', 'bool'],
  4: ['description', 'string'],
  5: ['preemptionPolicy', 'string', 'keep'],
}));
