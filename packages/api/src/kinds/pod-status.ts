/** core/v1 PodStatus and ContainerStatus: written by the kubelet (node agent) and scheduler. */
import { Type, type Static } from '@sinclair/typebox';
import { mergeList, atomicList, str, int, time, stringEnum, named, resourceList } from './helpers.ts';

const opt = Type.Optional;

export const PodConditionSchema = named('io.k8s.api.core.v1.PodCondition', 'PodCondition contains details for the current condition of this pod.', {
  type: str('Type is the type of the condition: PodScheduled, Initialized, ContainersReady, Ready, DisruptionTarget...'),
  observedGeneration: opt(int('If set, this represents the .metadata.generation that the pod condition was set based upon.', 'int64')),
  status: stringEnum(['True', 'False', 'Unknown'], 'Status is the status of the condition. Can be True, False, Unknown.'),
  lastProbeTime: opt(Type.Union([time(''), Type.Null()], { description: 'Last time we probed the condition.' })),
  lastTransitionTime: opt(Type.Union([time(''), Type.Null()], { description: 'Last time the condition transitioned from one status to another.' })),
  reason: opt(str("Unique, one-word, CamelCase reason for the condition's last transition.")),
  message: opt(str('Human-readable message indicating details about last transition.')),
});
export type PodCondition = Static<typeof PodConditionSchema>;

export const ContainerStateSchema = named('io.k8s.api.core.v1.ContainerState', 'ContainerState holds a possible state of container. Only one of its members may be specified.', {
  waiting: opt(named('io.k8s.api.core.v1.ContainerStateWaiting', 'ContainerStateWaiting is a waiting state of a container.', {
    reason: opt(str('(brief) reason the container is not yet running.')),
    message: opt(str('Message regarding why the container is not yet running.')),
  })),
  running: opt(named('io.k8s.api.core.v1.ContainerStateRunning', 'ContainerStateRunning is a running state of a container.', {
    startedAt: opt(time('Time at which the container was last (re-)started')),
  })),
  terminated: opt(named('io.k8s.api.core.v1.ContainerStateTerminated', 'ContainerStateTerminated is a terminated state of a container.', {
    exitCode: opt(int('Exit status from the last termination of the container')),
    signal: opt(int('Signal from the last termination of the container')),
    reason: opt(str('(brief) reason from the last termination of the container')),
    message: opt(str('Message regarding the last termination of the container')),
    startedAt: opt(time('Time at which previous execution of the container started')),
    finishedAt: opt(time('Time at which the container last terminated')),
    containerID: opt(str("Container's ID in the format '<type>://<container_id>'")),
  })),
});
export type ContainerState = Static<typeof ContainerStateSchema>;

export const ContainerStatusSchema = named('io.k8s.api.core.v1.ContainerStatus', 'ContainerStatus contains details for the current status of this container.', {
  name: str('Name is a DNS_LABEL representing the unique name of the container.'),
  state: opt(ContainerStateSchema),
  lastState: opt(ContainerStateSchema),
  ready: opt(Type.Boolean({ description: 'Ready specifies whether the container is currently passing its readiness check.' })),
  restartCount: opt(int('RestartCount holds the number of times the container has been restarted.')),
  image: opt(str('Image is the name of container image that the container is running.')),
  imageID: opt(str("ImageID is the image ID of the container's image.")),
  containerID: opt(str("ContainerID is the ID of the container in the format '<type>://<container_id>'.")),
  started: opt(Type.Boolean({ description: 'Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe.' })),
  allocatedResources: opt(resourceList('AllocatedResources represents the compute resources allocated for this container by the node.')),
});
export type ContainerStatus = Static<typeof ContainerStatusSchema>;

const ipList = (description: string) =>
  opt(mergeList(named('io.k8s.api.core.v1.PodIP', 'PodIP represents a single IP address allocated to the pod.', { ip: str('IP is the IP address assigned to the pod') }), 'ip', description));

export const PodStatusSchema = named('io.k8s.api.core.v1.PodStatus', 'PodStatus represents information about the status of a pod.', {
  observedGeneration: opt(int('If set, this represents the .metadata.generation that the pod status was set based upon.', 'int64')),
  phase: opt(stringEnum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'], 'The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle.')),
  conditions: opt(mergeList(PodConditionSchema, 'type', 'Current service state of pod.')),
  message: opt(str('A human readable message indicating details about why the pod is in this condition.')),
  reason: opt(str("A brief CamelCase message indicating details about why the pod is in this state. e.g. 'Evicted'")),
  nominatedNodeName: opt(str('nominatedNodeName is set only when this pod preempts other pods on the node.')),
  hostIP: opt(str('hostIP holds the IP address of the host to which the pod is assigned.')),
  hostIPs: opt(mergeList(named('io.k8s.api.core.v1.HostIP', 'HostIP represents a single IP address allocated to the host.', { ip: str('IP is the IP address assigned to the host') }), 'ip', 'hostIPs holds the IP addresses allocated to the host.')),
  podIP: opt(str('podIP address allocated to the pod. Routable at least within the cluster.')),
  podIPs: ipList('podIPs holds the IP addresses allocated to the pod.'),
  startTime: opt(time('RFC 3339 date and time at which the object was acknowledged by the Kubelet.')),
  initContainerStatuses: opt(atomicList(ContainerStatusSchema, 'Statuses of init containers in this pod.')),
  containerStatuses: opt(atomicList(ContainerStatusSchema, 'Statuses of containers in this pod.')),
  qosClass: opt(stringEnum(['Guaranteed', 'Burstable', 'BestEffort'], "The Quality of Service (QOS) classification assigned to the pod based on resource requirements.")),
  resourceClaimStatuses: opt(mergeList(named('io.k8s.api.core.v1.PodResourceClaimStatus', 'PodResourceClaimStatus is stored in the PodStatus for each PodResourceClaim which references a ResourceClaimTemplate.', {
    name: str('Name uniquely identifies this resource claim inside the pod.'),
    resourceClaimName: opt(str('ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod.')),
  }), 'name', 'Status of resource claims.')),
  extendedResourceClaimStatus: opt(named('io.k8s.api.core.v1.PodExtendedResourceClaimStatus', 'PodExtendedResourceClaimStatus is stored in the PodStatus for the extended resource requests backed by DRA.', {
    resourceClaimName: str('ResourceClaimName is the name of the ResourceClaim that was generated for the Pod.'),
    requestMappings: atomicList(named('io.k8s.api.core.v1.ContainerExtendedResourceRequest', 'ContainerExtendedResourceRequest has the mapping of container name, extended resource name to the device request name.', {
      containerName: str('The name of the container requesting resources.'),
      resourceName: str('The name of the extended resource in that container which gets backed by DRA.'),
      requestName: str('The name of the request in the special ResourceClaim which corresponds to the extended resource.'),
    }), 'RequestMappings identifies the mapping of <container, extended resource backed by DRA> to device request in the generated ResourceClaim.'),
  })),
});
export type PodStatus = Static<typeof PodStatusSchema>;
