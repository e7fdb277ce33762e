/** scheduling.k8s.io/v1alpha2 Workload (KEP-4671 as of Kubernetes 1.36). */
import { Type, type Static } from '@sinclair/typebox';
import { mergeList, str, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { podGroupPolicyFields } from './gang-common.ts';

const opt = Type.Optional;

export const PodGroupTemplateSchema = named('io.k8s.api.scheduling.v1alpha2.PodGroupTemplate', 'PodGroupTemplate represents a template for a set of pods with a scheduling policy.', {
  name: str('Name is a unique identifier for the PodGroupTemplate within the Workload. It must be a DNS label.'),
  ...podGroupPolicyFields(),
});

export const WorkloadSchema = kindObject({ group: 'scheduling.k8s.io', version: 'v1alpha2', kind: 'Workload' }, 'Workload allows for expressing scheduling constraints that should be used when managing the lifecycle of workloads from the scheduling perspective.', {
  spec: named('io.k8s.api.scheduling.v1alpha2.WorkloadSpec', 'WorkloadSpec defines the desired state of a Workload.', {
    controllerRef: opt(named('io.k8s.api.scheduling.v1alpha2.TypedLocalObjectReference', 'TypedLocalObjectReference allows to reference typed object inside the same namespace.', {
      apiGroup: opt(str('APIGroup is the group for the resource being referenced.')),
      kind: str('Kind is the type of resource being referenced.'),
      name: str('Name is the name of resource being referenced.'),
    })),
    podGroupTemplates: mergeList(PodGroupTemplateSchema, 'name', 'PodGroupTemplates is the list of templates that make up the Workload. Maximum 8. Immutable.'),
  }),
  status: opt(named('io.k8s.api.scheduling.v1alpha2.WorkloadStatus', 'WorkloadStatus describes the status of a Workload.', {})),
});
export type Workload = Static<typeof WorkloadSchema>;
