/**
 * scheduling.k8s.io/v1alpha2 PodGroup (Kubernetes 1.36): the runtime gang object pods join
 * through pod.spec.schedulingGroup.podGroupName.
 */
import { Type, type Static } from '@sinclair/typebox';
import { mergeList, str, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { ConditionSchema } from './meta-types.ts';
import { podGroupPolicyFields } from './gang-common.ts';

const opt = Type.Optional;

export const PodGroupSchema = kindObject({ group: 'scheduling.k8s.io', version: 'v1alpha2', kind: 'PodGroup' }, 'PodGroup represents a runtime instance of pods grouped together for gang scheduling.', {
  spec: named('io.k8s.api.scheduling.v1alpha2.PodGroupSpec', 'PodGroupSpec defines the desired state of a PodGroup.', {
    podGroupTemplateRef: opt(named('io.k8s.api.scheduling.v1alpha2.PodGroupTemplateReference', 'PodGroupTemplateReference references the PodGroupTemplate this PodGroup was created from.', {
      workload: opt(named('io.k8s.api.scheduling.v1alpha2.WorkloadPodGroupTemplateReference', 'References a PodGroupTemplate inside a Workload.', {
        workloadName: str('WorkloadName is the name of the Workload in the same namespace.'),
        podGroupTemplateName: str('PodGroupTemplateName is the name of the PodGroupTemplate inside that Workload.'),
      })),
    })),
    ...podGroupPolicyFields(),
  }),
  status: opt(named('io.k8s.api.scheduling.v1alpha2.PodGroupStatus', 'PodGroupStatus represents information about the status of a pod group.', {
    conditions: opt(mergeList(ConditionSchema, 'type', 'Conditions represent the latest observations of the PodGroup\'s state: PodGroupScheduled, DisruptionTarget.')),
    resourceClaimStatuses: opt(mergeList(named('io.k8s.api.scheduling.v1alpha2.PodGroupResourceClaimStatus', 'PodGroupResourceClaimStatus is stored in the PodGroupStatus for each PodGroupResourceClaim which references a ResourceClaimTemplate.', {
      name: str('Name uniquely identifies this resource claim inside the PodGroup.'),
      resourceClaimName: opt(str('ResourceClaimName is the name of the ResourceClaim that was generated for the PodGroup.')),
    }), 'name', 'Status of resource claims.')),
  })),
});
export type PodGroup = Static<typeof PodGroupSchema>;
