/** apps/v1 Deployment. */
import { Type, type Static } from '@sinclair/typebox';
import { mergeList, str, int, time, intOrString, stringEnum, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { LabelSelectorSchema } from './meta-types.ts';
import { PodTemplateSpecSchema } from './pod.ts';

const opt = Type.Optional;

export const DeploymentStrategySchema = named('io.k8s.api.apps.v1.DeploymentStrategy', 'DeploymentStrategy describes how to replace existing pods with new ones.', {
  type: opt(stringEnum(['Recreate', 'RollingUpdate'], 'Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.')),
  rollingUpdate: opt(named('io.k8s.api.apps.v1.RollingUpdateDeployment', 'Spec to control the desired behavior of rolling update.', {
    maxUnavailable: opt(intOrString('The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.')),
    maxSurge: opt(intOrString('The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.')),
  })),
});

export const DeploymentConditionSchema = named('io.k8s.api.apps.v1.DeploymentCondition', 'DeploymentCondition describes the state of a deployment at a certain point.', {
  type: str('Type of deployment condition: Available, Progressing, ReplicaFailure.'),
  status: stringEnum(['True', 'False', 'Unknown'], 'Status of the condition, one of True, False, Unknown.'),
  lastUpdateTime: opt(time('The last time this condition was updated.')),
  lastTransitionTime: opt(time('Last time the condition transitioned from one status to another.')),
  reason: opt(str("The reason for the condition's last transition.")),
  message: opt(str('A human readable message indicating details about the transition.')),
});

export const DeploymentSpecSchema = named('io.k8s.api.apps.v1.DeploymentSpec', 'DeploymentSpec is the specification of the desired behavior of the Deployment.', {
  replicas: opt(int('Number of desired pods. Defaults to 1.')),
  selector: LabelSelectorSchema,
  template: PodTemplateSpecSchema,
  strategy: opt(DeploymentStrategySchema),
  minReadySeconds: opt(int('Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0.')),
  revisionHistoryLimit: opt(int('The number of old ReplicaSets to retain to allow rollback. Defaults to 10.')),
  paused: opt(Type.Boolean({ description: 'Indicates that the deployment is paused.' })),
  progressDeadlineSeconds: opt(int('The maximum time in seconds for a deployment to make progress before it is considered to be failed. Defaults to 600s.')),
});

export const DeploymentSchema = kindObject({ group: 'apps', version: 'v1', kind: 'Deployment' }, 'Deployment enables declarative updates for Pods and ReplicaSets.', {
  spec: opt(DeploymentSpecSchema),
  status: opt(named('io.k8s.api.apps.v1.DeploymentStatus', 'DeploymentStatus is the most recently observed status of the Deployment.', {
    observedGeneration: opt(int('The generation observed by the deployment controller.', 'int64')),
    replicas: opt(int('Total number of non-terminating pods targeted by this deployment (their labels match the selector).')),
    updatedReplicas: opt(int('Total number of non-terminating pods targeted by this deployment that have the desired template spec.')),
    readyReplicas: opt(int('Total number of non-terminating pods targeted by this Deployment with a Ready Condition.')),
    availableReplicas: opt(int('Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.')),
    unavailableReplicas: opt(int('Total number of unavailable pods targeted by this deployment.')),
    terminatingReplicas: opt(int('Total number of terminating pods targeted by this deployment.')),
    conditions: opt(mergeList(DeploymentConditionSchema, 'type', "Represents the latest available observations of a deployment's current state.")),
    collisionCount: opt(int('Count of hash collisions for the Deployment. Used as a collision avoidance mechanism when the name for the newest ReplicaSet is created.')),
  })),
});
export type Deployment = Static<typeof DeploymentSchema>;
