/** core/v1 Node. */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, mergeList, str, int, time, stringEnum, named, resourceList } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { TAINT_EFFECTS } from './affinity.ts';

const opt = Type.Optional;

export const TaintSchema = named('io.k8s.api.core.v1.Taint', 'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.', {
  key: str('Required. The taint key to be applied to a node.'),
  value: opt(str('The taint value corresponding to the taint key.')),
  effect: stringEnum(TAINT_EFFECTS as ['NoSchedule', 'PreferNoSchedule', 'NoExecute'], 'Required. The effect of the taint on pods that do not tolerate the taint.'),
  timeAdded: opt(time('TimeAdded represents the time at which the taint was added (NoExecute taints only).')),
});
export type Taint = Static<typeof TaintSchema>;

export const NodeConditionSchema = named('io.k8s.api.core.v1.NodeCondition', 'NodeCondition contains condition information for a node.', {
  type: str('Type of node condition: Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable.'),
  status: stringEnum(['True', 'False', 'Unknown'], 'Status of the condition, one of True, False, Unknown.'),
  lastHeartbeatTime: opt(time('Last time we got an update on a given condition.')),
  lastTransitionTime: opt(time('Last time the condition transit from one status to another.')),
  reason: opt(str("(brief) reason for the condition's last transition.")),
  message: opt(str('Human readable message indicating details about last transition.')),
});

export const NodeAddressSchema = named('io.k8s.api.core.v1.NodeAddress', "NodeAddress contains information for the node's address.", {
  type: str('Node address type, one of Hostname, ExternalIP or InternalIP.'),
  address: str('The node address.'),
});

export const NodeSpecSchema = named('io.k8s.api.core.v1.NodeSpec', 'NodeSpec describes the attributes that a node is created with.', {
  podCIDR: opt(str('PodCIDR represents the pod IP range assigned to the node.')),
  podCIDRs: opt(setListOfStrings('podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node.')),
  providerID: opt(str('ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>')),
  unschedulable: opt(Type.Boolean({ description: 'Unschedulable controls node schedulability of new pods. By default, node is schedulable.' })),
  taints: opt(atomicList(TaintSchema, "If specified, the node's taints.")),
});

function setListOfStrings(description: string) {
  return Type.Array(Type.String(), { description, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' });
}

export const NodeSystemInfoSchema = named('io.k8s.api.core.v1.NodeSystemInfo', 'NodeSystemInfo is a set of ids/uuids to uniquely identify the node.', {
  machineID: opt(str('MachineID reported by the node.')),
  systemUUID: opt(str('SystemUUID reported by the node.')),
  bootID: opt(str('Boot ID reported by the node.')),
  kernelVersion: opt(str("Kernel Version reported by the node from 'uname -r'.")),
  osImage: opt(str('OS Image reported by the node from /etc/os-release.')),
  containerRuntimeVersion: opt(str('ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).')),
  kubeletVersion: opt(str('Kubelet Version reported by the node.')),
  kubeProxyVersion: opt(str('Deprecated: KubeProxy Version reported by the node.')),
  operatingSystem: opt(str('The Operating System reported by the node')),
  architecture: opt(str('The Architecture reported by the node')),
});

export const NodeStatusSchema = named('io.k8s.api.core.v1.NodeStatus', 'NodeStatus is information about the current status of a node.', {
  capacity: opt(resourceList('Capacity represents the total resources of a node.')),
  allocatable: opt(resourceList('Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity.')),
  phase: opt(str('NodePhase is the recently observed lifecycle phase of the node. Deprecated.')),
  conditions: opt(mergeList(NodeConditionSchema, 'type', 'Conditions is an array of current observed node conditions.')),
  addresses: opt(mergeList(NodeAddressSchema, 'type', 'List of addresses reachable to the node.')),
  daemonEndpoints: opt(named('io.k8s.api.core.v1.NodeDaemonEndpoints', 'NodeDaemonEndpoints lists ports opened by daemons running on the Node.', {
    kubeletEndpoint: opt(named('io.k8s.api.core.v1.DaemonEndpoint', 'DaemonEndpoint contains information about a single Daemon endpoint.', {
      Port: int('Port number of the given endpoint.'),
    })),
  })),
  nodeInfo: opt(NodeSystemInfoSchema),
  images: opt(atomicList(named('io.k8s.api.core.v1.ContainerImage', 'Describe a container image', {
    names: opt(atomicList(Type.String(), 'Names by which this image is known.')),
    sizeBytes: opt(int('The size of the image in bytes.', 'int64')),
  }), 'List of container images on this node')),
});

export const NodeSchema = kindObject({ group: '', version: 'v1', kind: 'Node' }, 'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).', {
  spec: opt(NodeSpecSchema),
  status: opt(NodeStatusSchema),
});
export type Node = Static<typeof NodeSchema>;
