/** core/v1 Pod: PodSpec, PodTemplateSpec (embedded by workload kinds) and the Pod kind. */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, mergeList, str, int, stringMap, stringEnum, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { ObjectMetaSchema } from './object-meta.ts';
import { LocalObjectReferenceSchema } from './meta-types.ts';
import { ContainerSchema } from './container.ts';
import { VolumeSchema } from './volume.ts';
import { AffinitySchema, TolerationSchema, TopologySpreadConstraintSchema } from './affinity.ts';
import { PodStatusSchema } from './pod-status.ts';

const opt = Type.Optional;

export const PodResourceClaimSchema = named('io.k8s.api.core.v1.PodResourceClaim', 'PodResourceClaim references exactly one ResourceClaim, either directly or by naming a ResourceClaimTemplate.', {
  name: str('Name uniquely identifies this resource claim inside the pod. This must be a DNS_LABEL.'),
  resourceClaimName: opt(str('ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod.')),
  resourceClaimTemplateName: opt(str('ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod.')),
});
export type PodResourceClaim = Static<typeof PodResourceClaimSchema>;

export const PodSecurityContextSchema = named('io.k8s.api.core.v1.PodSecurityContext', 'PodSecurityContext holds pod-level security attributes and common container settings.', {
  runAsUser: opt(int('The UID to run the entrypoint of the container process.', 'int64')),
  runAsGroup: opt(int('The GID to run the entrypoint of the container process.', 'int64')),
  runAsNonRoot: opt(Type.Boolean({ description: 'Indicates that the container must run as a non-root user.' })),
  fsGroup: opt(int('A special supplemental group that applies to all containers in a pod.', 'int64')),
  supplementalGroups: opt(atomicList(Type.Integer({ format: 'int64' }), 'A list of groups applied to the first process run in each container.')),
});

export const PodSpecSchema = named('io.k8s.api.core.v1.PodSpec', 'PodSpec is a description of a pod.', {
  volumes: opt(mergeList(VolumeSchema, 'name', 'List of volumes that can be mounted by containers belonging to the pod.')),
  initContainers: opt(mergeList(ContainerSchema, 'name', 'List of initialization containers belonging to the pod, executed in order before the app containers.')),
  containers: mergeList(ContainerSchema, 'name', 'List of containers belonging to the pod. There must be at least one container in a Pod. Cannot be updated.'),
  restartPolicy: opt(stringEnum(['Always', 'OnFailure', 'Never'], 'Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always.')),
  terminationGracePeriodSeconds: opt(int('Optional duration in seconds the pod needs to terminate gracefully. Defaults to 30 seconds.', 'int64')),
  activeDeadlineSeconds: opt(int('Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers.', 'int64')),
  dnsPolicy: opt(stringEnum(['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'], "Set DNS policy for the pod. Defaults to \"ClusterFirst\".")),
  nodeSelector: opt(stringMap("NodeSelector is a selector which must be true for the pod to fit on a node.")),
  serviceAccountName: opt(str('ServiceAccountName is the name of the ServiceAccount to use to run this pod.')),
  serviceAccount: opt(str('DeprecatedServiceAccount is a deprecated alias for ServiceAccountName.')),
  automountServiceAccountToken: opt(Type.Boolean({ description: 'AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.' })),
  nodeName: opt(str('NodeName indicates in which node this pod is scheduled. Set by the scheduler through the binding subresource.')),
  hostNetwork: opt(Type.Boolean({ description: "Host networking requested for this pod. Use the host's network namespace. Default to false." })),
  hostPID: opt(Type.Boolean({ description: "Use the host's pid namespace. Optional: Default to false." })),
  hostIPC: opt(Type.Boolean({ description: "Use the host's ipc namespace. Optional: Default to false." })),
  securityContext: opt(PodSecurityContextSchema),
  imagePullSecrets: opt(mergeList(LocalObjectReferenceSchema, 'name', 'ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec.')),
  hostname: opt(str("Specifies the hostname of the Pod. If not specified, the pod's hostname will be set to a system-defined value.")),
  subdomain: opt(str('If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>".')),
  affinity: opt(AffinitySchema),
  schedulerName: opt(str('If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler.')),
  tolerations: opt(atomicList(TolerationSchema, "If specified, the pod's tolerations.")),
  priorityClassName: opt(str("If specified, indicates the pod's priority.")),
  priority: opt(int('The priority value. Various system components use this field to find the priority of the pod. Populated from PriorityClassName by admission.')),
  preemptionPolicy: opt(stringEnum(['Never', 'PreemptLowerPriority'], 'PreemptionPolicy is the Policy for preempting pods with lower priority. Defaults to PreemptLowerPriority.')),
  readinessGates: opt(atomicList(named('io.k8s.api.core.v1.PodReadinessGate', 'PodReadinessGate contains the reference to a pod condition', {
    conditionType: str("ConditionType refers to a condition in the pod's condition list with matching type."),
  }), 'If specified, all readiness gates will be evaluated for pod readiness.')),
  enableServiceLinks: opt(Type.Boolean({ description: "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables. Defaults to true." })),
  topologySpreadConstraints: opt(mergeList(TopologySpreadConstraintSchema, 'topologyKey', 'TopologySpreadConstraints describes how a group of pods ought to spread across topology domains.', ['topologyKey', 'whenUnsatisfiable'])),
  shareProcessNamespace: opt(Type.Boolean({ description: 'Share a single process namespace between all of the containers in a pod.' })),
  schedulingGates: opt(mergeList(named('io.k8s.api.core.v1.PodSchedulingGate', 'PodSchedulingGate is associated to a Pod to guard its scheduling.', {
    name: str('Name of the scheduling gate. Each scheduling gate must have a unique name field.'),
  }), 'name', 'SchedulingGates is an opaque list of values that if specified will block scheduling the pod. Can only be removed after creation.')),
  resourceClaims: opt(mergeList(PodResourceClaimSchema, 'name', 'ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start. Immutable.')),
  schedulingGroup: opt(named('io.k8s.api.core.v1.PodSchedulingGroup', 'PodSchedulingGroup identifies the PodGroup (scheduling.k8s.io/v1alpha2) this pod is scheduled with as a gang.', {
    podGroupName: str('PodGroupName is the name of a PodGroup in the same namespace. Immutable.'),
  })),
});
export type PodSpec = Static<typeof PodSpecSchema>;

export const PodTemplateSpecSchema = named('io.k8s.api.core.v1.PodTemplateSpec', 'PodTemplateSpec describes the data a pod should have when created from a template', {
  metadata: opt(ObjectMetaSchema),
  spec: opt(PodSpecSchema),
});
export type PodTemplateSpec = Static<typeof PodTemplateSpecSchema>;

export const PodSchema = kindObject({ group: '', version: 'v1', kind: 'Pod' }, 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.', {
  spec: opt(PodSpecSchema),
  status: opt(PodStatusSchema),
});
export type Pod = Static<typeof PodSchema>;
