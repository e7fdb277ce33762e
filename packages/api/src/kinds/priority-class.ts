/** scheduling.k8s.io/v1 PriorityClass. Fields sit at the top level, as upstream. */
import { Type, type Static } from '@sinclair/typebox';
import { str, int, stringEnum } from './helpers.ts';
import { kindObject } from './kind-object.ts';

const opt = Type.Optional;

export const PriorityClassSchema = kindObject({ group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass' }, 'PriorityClass defines mapping from a priority class name to the priority integer value.', {
  value: int('value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.'),
  globalDefault: opt(Type.Boolean({ description: 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.' })),
  description: opt(str('description is an arbitrary string that usually provides guidelines on when this priority class should be used.')),
  preemptionPolicy: opt(stringEnum(['Never', 'PreemptLowerPriority'], 'preemptionPolicy is the Policy for preempting pods with lower priority. Defaults to PreemptLowerPriority.')),
});
export type PriorityClass = Static<typeof PriorityClassSchema>;
