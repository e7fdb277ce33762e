/** scheduling.k8s.io/v1alpha2 (Kubernetes 1.36) gang-scheduling types shared by Workload and PodGroup. */
import { Type } from '@sinclair/typebox';
import { atomicList, mergeList, str, int, stringEnum, named } from './helpers.ts';
import { PodResourceClaimSchema } from './pod.ts';

const opt = Type.Optional;

export const PodGroupSchedulingPolicySchema = named('io.k8s.api.scheduling.v1alpha2.PodGroupSchedulingPolicy', 'PodGroupSchedulingPolicy defines the scheduling configuration for a PodGroup. Exactly one of basic and gang must be set.', {
  basic: opt(named('io.k8s.api.scheduling.v1alpha2.BasicSchedulingPolicy', 'BasicSchedulingPolicy indicates that standard Kubernetes scheduling behavior should be used.', {})),
  gang: opt(named('io.k8s.api.scheduling.v1alpha2.GangSchedulingPolicy', 'GangSchedulingPolicy defines the parameters for gang scheduling.', {
    minCount: int('MinCount is the minimum number of pods that must be schedulable or scheduled at the same time for the scheduler to admit the entire group. It must be a positive integer.'),
  })),
});

export const PodGroupSchedulingConstraintsSchema = named('io.k8s.api.scheduling.v1alpha2.PodGroupSchedulingConstraints', 'PodGroupSchedulingConstraints defines scheduling constraints (e.g. topology) for a PodGroup.', {
  topology: opt(atomicList(named('io.k8s.api.scheduling.v1alpha2.TopologyConstraint', 'TopologyConstraint defines a topology constraint for a PodGroup.', {
    key: str('Key specifies the key of the node label representing the topology domain. All pods within the PodGroup must be colocated within the same domain instance.'),
  }), 'Topology defines the topology constraints for the pod group.')),
});

/** Fields a PodGroupTemplate (in a Workload) and a PodGroup spec have in common. */
export function podGroupPolicyFields() {
  return {
    schedulingPolicy: PodGroupSchedulingPolicySchema,
    schedulingConstraints: opt(PodGroupSchedulingConstraintsSchema),
    resourceClaims: opt(mergeList(PodResourceClaimSchema, 'name', 'ResourceClaims defines which ResourceClaims may be shared among Pods in the group. At most 4.')),
    disruptionMode: opt(stringEnum(['Pod', 'PodGroup'], 'DisruptionMode defines the mode in which a given PodGroup can be disrupted.')),
    priorityClassName: opt(str('PriorityClassName indicates the priority that should be considered when scheduling this pod group.')),
    priority: opt(int('Priority is the value of priority of this pod group.')),
  };
}
