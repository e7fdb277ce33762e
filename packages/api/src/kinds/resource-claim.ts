/** resource.k8s.io/v1 ResourceClaim and its allocation status. */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, mapList, mergeList, str, time, stringEnum, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { ConditionSchema } from './meta-types.ts';
import { NodeSelectorSchema } from './affinity.ts';
import { ResourceClaimSpecSchema, OpaqueDeviceConfigurationSchema, DeviceTolerationSchema } from './dra-common.ts';

const opt = Type.Optional;

export const DeviceRequestAllocationResultSchema = named('io.k8s.api.resource.v1.DeviceRequestAllocationResult', 'DeviceRequestAllocationResult contains the allocation result for one request.', {
  request: str('Request is the name of the request in the claim which caused this device to be allocated. With firstAvailable it is <main request>/<subrequest>.'),
  driver: str('Driver specifies the name of the DRA driver whose kubelet plugin should be invoked to process the allocation once the claim is needed on a node.'),
  pool: str('This name together with the driver name and the device name field identify which device was allocated.'),
  device: str('Device references one device instance via its name in the driver\'s resource pool. It must be a DNS label.'),
  adminAccess: opt(Type.Union([Type.Boolean(), Type.Null()], { description: 'AdminAccess indicates that this device was allocated for administrative access.' })),
  tolerations: opt(atomicList(DeviceTolerationSchema, 'A copy of all tolerations specified in the request at the time when the device got allocated.')),
  bindingConditions: opt(atomicList(Type.String(), 'BindingConditions contains a copy of the BindingConditions from the corresponding ResourceSlice at the time of allocation.')),
  bindingFailureConditions: opt(atomicList(Type.String(), 'BindingFailureConditions contains a copy of the BindingFailureConditions from the corresponding ResourceSlice at the time of allocation.')),
  shareID: opt(str('ShareID uniquely identifies an individual allocation share of the device.')),
  consumedCapacity: opt(Type.Record(Type.String(), Type.String(), { description: 'ConsumedCapacity tracks the amount of capacity consumed per device as part of the claim request.' })),
});
export type DeviceRequestAllocationResult = Static<typeof DeviceRequestAllocationResultSchema>;

export const AllocationResultSchema = named('io.k8s.api.resource.v1.AllocationResult', 'AllocationResult contains attributes of an allocated resource.', {
  devices: opt(named('io.k8s.api.resource.v1.DeviceAllocationResult', 'DeviceAllocationResult is the result of allocating devices.', {
    results: opt(atomicList(DeviceRequestAllocationResultSchema, 'Results lists all allocated devices.')),
    config: opt(atomicList(named('io.k8s.api.resource.v1.DeviceAllocationConfiguration', 'DeviceAllocationConfiguration gets embedded in an AllocationResult.', {
      source: stringEnum(['FromClass', 'FromClaim'], 'Source records whether the configuration comes from a class and thus is not something that a normal user would have been able to set or from a claim.'),
      requests: opt(atomicList(Type.String(), 'Requests lists the names of requests where the configuration applies. If empty, its applies to all requests.')),
      opaque: opt(OpaqueDeviceConfigurationSchema),
    }), 'This field is a combination of all the claim and class configuration parameters.')),
  })),
  nodeSelector: opt(NodeSelectorSchema),
  allocationTimestamp: opt(time('AllocationTimestamp stores the time when the resources were allocated.')),
});
export type AllocationResult = Static<typeof AllocationResultSchema>;

export const ResourceClaimConsumerReferenceSchema = named('io.k8s.api.resource.v1.ResourceClaimConsumerReference', 'ResourceClaimConsumerReference contains enough information to let you locate the consumer of a ResourceClaim. The user must be a resource in the same namespace as the ResourceClaim.', {
  apiGroup: opt(str('APIGroup is the group for the resource being referenced. It is empty for the core API.')),
  resource: str('Resource is the type of resource being referenced, for example "pods".'),
  name: str('Name is the name of resource being referenced.'),
  uid: str('UID identifies exactly one incarnation of the resource.'),
});

export const AllocatedDeviceStatusSchema = named('io.k8s.api.resource.v1.AllocatedDeviceStatus', 'AllocatedDeviceStatus contains the status of an allocated device, if the driver chooses to report it.', {
  driver: str('Driver specifies the name of the DRA driver whose kubelet plugin should be invoked to process the allocation once the claim is needed on a node.'),
  pool: str('This name together with the driver name and the device name field identify which device was allocated.'),
  device: str('Device references one device instance via its name in the driver\'s resource pool.'),
  shareID: opt(str('ShareID uniquely identifies an individual allocation share of the device.')),
  conditions: opt(mapList(ConditionSchema, ['type'], 'Conditions contains the latest observation of the device\'s state.')),
  data: opt(Type.Unknown({ description: 'Data contains arbitrary driver-specific data.', 'x-kubernetes-preserve-unknown-fields': true })),
  networkData: opt(named('io.k8s.api.resource.v1.NetworkDeviceData', 'NetworkDeviceData provides network-related details for the allocated device.', {
    interfaceName: opt(str('InterfaceName specifies the name of the network interface associated with the allocated device.')),
    ips: opt(atomicList(Type.String(), 'IPs lists the network addresses assigned to the device\'s network interface.')),
    hardwareAddress: opt(str('HardwareAddress represents the hardware address (e.g. MAC Address) of the device\'s network interface.')),
  })),
});

export const ResourceClaimStatusSchema = named('io.k8s.api.resource.v1.ResourceClaimStatus', 'ResourceClaimStatus tracks whether the resource has been allocated and what the result of that was.', {
  allocation: opt(AllocationResultSchema),
  reservedFor: opt(mergeList(ResourceClaimConsumerReferenceSchema, 'uid', 'ReservedFor indicates which entities are currently allowed to use the claim. A Pod which references a ResourceClaim which is not reserved for that Pod will not be started.')),
  devices: opt(mapList(AllocatedDeviceStatusSchema, ['driver', 'device', 'pool', 'shareID'], 'Devices contains the status of each device allocated for this claim, as reported by the driver.')),
});
export type ResourceClaimStatus = Static<typeof ResourceClaimStatusSchema>;

export const ResourceClaimSchema = kindObject({ group: 'resource.k8s.io', version: 'v1', kind: 'ResourceClaim' }, 'ResourceClaim describes a request for access to resources in the cluster, for use by workloads.', {
  spec: ResourceClaimSpecSchema,
  status: opt(ResourceClaimStatusSchema),
});
export type ResourceClaim = Static<typeof ResourceClaimSchema>;
