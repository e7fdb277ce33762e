/** policy/v1 PodDisruptionBudget and the Eviction body POSTed to pods/<name>/eviction. */
import { Type, type Static } from '@sinclair/typebox';
import { mergeList, int, intOrString, stringEnum, time, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { LabelSelectorSchema, ConditionSchema } from './meta-types.ts';

const opt = Type.Optional;

export const PodDisruptionBudgetSchema = kindObject({ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' }, 'PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods', {
  spec: opt(named('io.k8s.api.policy.v1.PodDisruptionBudgetSpec', 'PodDisruptionBudgetSpec is a description of a PodDisruptionBudget.', {
    minAvailable: opt(intOrString('An eviction is allowed if at least "minAvailable" pods selected by "selector" will still be available after the eviction.')),
    selector: opt(LabelSelectorSchema),
    maxUnavailable: opt(intOrString('An eviction is allowed if at most "maxUnavailable" pods selected by "selector" are unavailable after the eviction.')),
    unhealthyPodEvictionPolicy: opt(stringEnum(['IfHealthyBudget', 'AlwaysAllow'], 'UnhealthyPodEvictionPolicy defines the criteria for when unhealthy pods should be considered for eviction.')),
  })),
  status: opt(named('io.k8s.api.policy.v1.PodDisruptionBudgetStatus', 'PodDisruptionBudgetStatus represents information about the status of a PodDisruptionBudget.', {
    observedGeneration: opt(int('Most recent generation observed when updating this PDB status.', 'int64')),
    disruptedPods: opt(Type.Record(Type.String(), time(''), { description: 'DisruptedPods contains information about pods whose eviction was processed by the API server eviction subresource handler but has not yet been observed by the PodDisruptionBudget controller.' })),
    disruptionsAllowed: opt(int('Number of pod disruptions that are currently allowed.')),
    currentHealthy: opt(int('current number of healthy pods')),
    desiredHealthy: opt(int('minimum desired number of healthy pods')),
    expectedPods: opt(int('total number of pods counted by this disruption budget')),
    conditions: opt(mergeList(ConditionSchema, 'type', 'Conditions contain conditions for PDB. The disruption controller sets the DisruptionAllowed condition.')),
  })),
});
export type PodDisruptionBudget = Static<typeof PodDisruptionBudgetSchema>;

export const DeleteOptionsSchema = named('io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions', 'DeleteOptions may be provided when deleting an API object.', {
  apiVersion: opt(Type.String()),
  kind: opt(Type.String()),
  gracePeriodSeconds: opt(int('The duration in seconds before the object should be deleted.', 'int64')),
  propagationPolicy: opt(stringEnum(['Orphan', 'Background', 'Foreground'], 'Whether and how garbage collection will be performed.')),
  dryRun: opt(Type.Array(Type.String(), { description: 'When present, indicates that modifications should not be persisted.' })),
  preconditions: opt(named('io.k8s.apimachinery.pkg.apis.meta.v1.Preconditions', 'Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.', {
    resourceVersion: opt(Type.String({ description: 'Specifies the target ResourceVersion' })),
    uid: opt(Type.String({ description: 'Specifies the target UID.' })),
  })),
});

export const EvictionSchema = kindObject({ group: 'policy', version: 'v1', kind: 'Eviction' }, 'Eviction evicts a pod from its node subject to certain policies and safety constraints.', {
  deleteOptions: opt(DeleteOptionsSchema),
});
export type Eviction = Static<typeof EvictionSchema>;
