/** apps/v1 ReplicaSet. */
import { Type, type Static } from '@sinclair/typebox';
import { mergeList, str, int, time, stringEnum, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { LabelSelectorSchema } from './meta-types.ts';
import { PodTemplateSpecSchema } from './pod.ts';

const opt = Type.Optional;

export const ReplicaSetConditionSchema = named('io.k8s.api.apps.v1.ReplicaSetCondition', 'ReplicaSetCondition describes the state of a replica set at a certain point.', {
  type: str('Type of replica set condition.'),
  status: stringEnum(['True', 'False', 'Unknown'], 'Status of the condition, one of True, False, Unknown.'),
  lastTransitionTime: opt(time('The last time the condition transitioned from one status to another.')),
  reason: opt(str("The reason for the condition's last transition.")),
  message: opt(str('A human readable message indicating details about the transition.')),
});

export const ReplicaSetSchema = kindObject({ group: 'apps', version: 'v1', kind: 'ReplicaSet' }, 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.', {
  spec: opt(named('io.k8s.api.apps.v1.ReplicaSetSpec', 'ReplicaSetSpec is the specification of a ReplicaSet.', {
    replicas: opt(int('Replicas is the number of desired pods. Defaults to 1.')),
    minReadySeconds: opt(int('Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0.')),
    selector: LabelSelectorSchema,
    template: opt(PodTemplateSpecSchema),
  })),
  status: opt(named('io.k8s.api.apps.v1.ReplicaSetStatus', 'ReplicaSetStatus represents the current status of a ReplicaSet.', {
    replicas: opt(int('Replicas is the most recently observed number of non-terminating pods.')),
    fullyLabeledReplicas: opt(int('The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset.')),
    readyReplicas: opt(int('The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.')),
    availableReplicas: opt(int('The number of available non-terminating pods (ready for at least minReadySeconds) for this replica set.')),
    terminatingReplicas: opt(int('The number of terminating pods for this replica set.')),
    observedGeneration: opt(int('ObservedGeneration reflects the generation of the most recently observed ReplicaSet.', 'int64')),
    conditions: opt(mergeList(ReplicaSetConditionSchema, 'type', "Represents the latest available observations of a replica set's current state.")),
  })),
});
export type ReplicaSet = Static<typeof ReplicaSetSchema>;
