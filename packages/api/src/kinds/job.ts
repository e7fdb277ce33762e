/** batch/v1 Job. */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, str, int, time, stringEnum, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { LabelSelectorSchema } from './meta-types.ts';
import { PodTemplateSpecSchema } from './pod.ts';

const opt = Type.Optional;

export const PodFailurePolicyRuleSchema = named('io.k8s.api.batch.v1.PodFailurePolicyRule', 'PodFailurePolicyRule describes how a pod failure is handled when the requirements are met. One of onExitCodes and onPodConditions, but not both, can be used in each rule.', {
  action: stringEnum(['FailJob', 'FailIndex', 'Ignore', 'Count'], 'Specifies the action taken on a pod failure when the requirements are satisfied.'),
  onExitCodes: opt(named('io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement', 'PodFailurePolicyOnExitCodesRequirement describes the requirement for handling a failed pod based on its container exit codes.', {
    containerName: opt(str('Restricts the check for exit codes to the container with the specified name.')),
    operator: stringEnum(['In', 'NotIn'], "Represents the relationship between the container exit code(s) and the specified values."),
    values: Type.Array(Type.Integer({ format: 'int32' }), { description: 'Specifies the set of values. Each returned container exit code (might be multiple in case of multiple containers) is checked against this set of values.', 'x-kubernetes-list-type': 'set' }),
  })),
  onPodConditions: opt(atomicList(named('io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern', 'PodFailurePolicyOnPodConditionsPattern describes a pattern for matching an actual pod condition type.', {
    type: str('Specifies the required Pod condition type.'),
    status: opt(stringEnum(['True', 'False', 'Unknown'], 'Specifies the required Pod condition status. Defaults to True.')),
  }), 'Represents the requirement on the pod conditions.')),
});

export const JobConditionSchema = named('io.k8s.api.batch.v1.JobCondition', 'JobCondition describes current state of a job.', {
  type: str('Type of job condition, Complete, Failed, Suspended, SuccessCriteriaMet, FailureTarget.'),
  status: stringEnum(['True', 'False', 'Unknown'], 'Status of the condition, one of True, False, Unknown.'),
  lastProbeTime: opt(time('Last time the condition was checked.')),
  lastTransitionTime: opt(time('Last time the condition transit from one status to another.')),
  reason: opt(str("(brief) reason for the condition's last transition.")),
  message: opt(str('Human readable message indicating details about last transition.')),
});

export const JobSpecSchema = named('io.k8s.api.batch.v1.JobSpec', 'JobSpec describes how the job execution will look like.', {
  parallelism: opt(int('Specifies the maximum desired number of pods the job should run at any given time. Defaults to 1.')),
  completions: opt(int('Specifies the desired number of successfully finished pods the job should be run with.')),
  activeDeadlineSeconds: opt(int('Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it.', 'int64')),
  podFailurePolicy: opt(named('io.k8s.api.batch.v1.PodFailurePolicy', 'PodFailurePolicy describes how failed pods influence the backoffLimit.', {
    rules: atomicList(PodFailurePolicyRuleSchema, 'A list of pod failure policy rules. The rules are evaluated in order.'),
  })),
  successPolicy: opt(named('io.k8s.api.batch.v1.SuccessPolicy', 'SuccessPolicy describes when a Job can be declared as succeeded based on the success of some indexes.', {
    rules: atomicList(named('io.k8s.api.batch.v1.SuccessPolicyRule', 'SuccessPolicyRule describes rule for declaring a Job as succeeded.', {
      succeededIndexes: opt(str('succeededIndexes specifies the set of indexes which need to be contained in the actual set of the succeeded indexes for the Job.')),
      succeededCount: opt(int('succeededCount specifies the minimal required size of the actual set of the succeeded indexes for the Job.')),
    }), 'rules represents the list of alternative rules for the declaring the Jobs as successful before `.status.succeeded >= .spec.completions`.'),
  })),
  backoffLimit: opt(int('Specifies the number of retries before marking this job failed. Defaults to 6.')),
  backoffLimitPerIndex: opt(int('Specifies the limit for the number of retries within an index before marking this index as failed.')),
  maxFailedIndexes: opt(int('Specifies the maximal number of failed indexes before marking the Job as failed.')),
  selector: opt(LabelSelectorSchema),
  manualSelector: opt(Type.Boolean({ description: 'manualSelector controls generation of pod labels and pod selectors. Leave unset unless you are certain what you are doing.' })),
  template: PodTemplateSpecSchema,
  ttlSecondsAfterFinished: opt(int('ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed).')),
  completionMode: opt(stringEnum(['NonIndexed', 'Indexed'], 'completionMode specifies how Pod completions are tracked. It can be `NonIndexed` (default) or `Indexed`.')),
  suspend: opt(Type.Boolean({ description: 'suspend specifies whether the Job controller should create Pods or not. Defaults to false.' })),
  podReplacementPolicy: opt(stringEnum(['TerminatingOrFailed', 'Failed'], 'podReplacementPolicy specifies when to create replacement Pods.')),
  managedBy: opt(str('ManagedBy field indicates the controller that manages a Job.')),
});

export const JobStatusSchema = named('io.k8s.api.batch.v1.JobStatus', 'JobStatus represents the current state of a Job.', {
  conditions: opt(Type.Array(JobConditionSchema, { description: "The latest available observations of an object's current state.", 'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'atomic' })),
  startTime: opt(time('Represents time when the job controller started processing a job.')),
  completionTime: opt(time('Represents time when the job was completed.')),
  active: opt(int('The number of pending and running pods which are not terminating.')),
  succeeded: opt(int('The number of pods which reached phase Succeeded.')),
  failed: opt(int('The number of pods which reached phase Failed.')),
  terminating: opt(int('The number of pods which are terminating (in phase Pending or Running and have a deletionTimestamp).')),
  completedIndexes: opt(str('completedIndexes holds the completed indexes when .spec.completionMode = "Indexed" in a text format, e.g. "1,3-5,7".')),
  failedIndexes: opt(str('FailedIndexes holds the failed indexes when spec.backoffLimitPerIndex is set.')),
  uncountedTerminatedPods: opt(named('io.k8s.api.batch.v1.UncountedTerminatedPods', "UncountedTerminatedPods holds UIDs of Pods that have terminated but haven't been accounted in Job status counters.", {
    succeeded: opt(Type.Array(Type.String(), { description: 'succeeded holds UIDs of succeeded Pods.', 'x-kubernetes-list-type': 'set' })),
    failed: opt(Type.Array(Type.String(), { description: 'failed holds UIDs of failed Pods.', 'x-kubernetes-list-type': 'set' })),
  })),
  ready: opt(int('The number of active pods which have a Ready condition and are not terminating.')),
});

export const JobSchema = kindObject({ group: 'batch', version: 'v1', kind: 'Job' }, 'Job represents the configuration of a single job.', {
  spec: opt(JobSpecSchema),
  status: opt(JobStatusSchema),
});
export type Job = Static<typeof JobSchema>;
