/** resource.k8s.io/v1 ResourceSlice: devices one driver publishes for a pool. */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, str, int, time, quantity, stringEnum, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { NodeSelectorSchema } from './affinity.ts';

const opt = Type.Optional;

export const DeviceAttributeSchema = named('io.k8s.api.resource.v1.DeviceAttribute', 'DeviceAttribute must have exactly one field set.', {
  int: opt(int('IntValue is a number.', 'int64')),
  bool: opt(Type.Boolean({ description: 'BoolValue is a true/false value.' })),
  string: opt(str('StringValue is a string. Must not be longer than 64 characters.')),
  version: opt(str('VersionValue is a semantic version according to semver.org spec 2.0.0. Must not be longer than 64 characters.')),
});
export type DeviceAttribute = Static<typeof DeviceAttributeSchema>;

export const DeviceCapacitySchema = named('io.k8s.api.resource.v1.DeviceCapacity', 'DeviceCapacity describes a quantity associated with a device.', {
  value: quantity('Value defines how much of a certain capacity that device has.'),
});

export const CounterSchema = named('io.k8s.api.resource.v1.Counter', 'Counter describes a quantity associated with a device.', {
  value: quantity('Value defines how much of a certain device counter is available.'),
});

export const DeviceTaintSchema = named('io.k8s.api.resource.v1.DeviceTaint', 'The device this taint is attached to has the "effect" on any claim which does not tolerate the taint.', {
  key: str('The taint key to be applied to a device.'),
  value: opt(str('The taint value corresponding to the taint key.')),
  effect: stringEnum(['NoSchedule', 'NoExecute'], 'The effect of the taint on claims that do not tolerate the taint and through such claims on the pods using them.'),
  timeAdded: opt(time('TimeAdded represents the time at which the taint was added.')),
});

export const DeviceSchema = named('io.k8s.api.resource.v1.Device', 'Device represents one individual hardware instance that can be selected based on its attributes.', {
  name: str('Name is unique identifier among all devices managed by the driver in the pool. It must be a DNS label.'),
  attributes: opt(Type.Record(Type.String(), DeviceAttributeSchema, { description: 'Attributes defines the set of attributes for this device. The name of each attribute must be unique in that set.' })),
  capacity: opt(Type.Record(Type.String(), DeviceCapacitySchema, { description: 'Capacity defines the set of capacities for this device. The name of each capacity must be unique in that set.' })),
  consumesCounters: opt(atomicList(named('io.k8s.api.resource.v1.DeviceCounterConsumption', 'DeviceCounterConsumption defines a set of counters that a device will consume from a CounterSet.', {
    counterSet: str('CounterSet is the name of the set from which the counters defined will be consumed.'),
    counters: Type.Record(Type.String(), CounterSchema, { description: 'Counters defines the counters that will be consumed by the device.' }),
  }), 'ConsumesCounters defines a list of references to sharedCounters and the set of counters that the device will consume from those counter sets.')),
  nodeName: opt(str('NodeName identifies the node where the device is available (per-device node selection).')),
  nodeSelector: opt(NodeSelectorSchema),
  allNodes: opt(Type.Boolean({ description: 'AllNodes indicates that all nodes have access to the device.' })),
  taints: opt(atomicList(DeviceTaintSchema, 'If specified, these are the driver-defined taints.')),
  allowMultipleAllocations: opt(Type.Boolean({ description: 'AllowMultipleAllocations marks whether the device is allowed to be allocated to multiple DeviceRequests.' })),
});
export type Device = Static<typeof DeviceSchema>;

export const ResourceSliceSpecSchema = named('io.k8s.api.resource.v1.ResourceSliceSpec', 'ResourceSliceSpec contains the information published by the driver in one ResourceSlice.', {
  driver: str('Driver identifies the DRA driver providing the capacity information. Must be a DNS subdomain. Immutable.'),
  pool: named('io.k8s.api.resource.v1.ResourcePool', 'ResourcePool describes the pool that ResourceSlices belong to.', {
    name: str('Name is used to identify the pool. For node-local devices, this is often the node name.'),
    generation: int('Generation tracks the change in a pool over time. Consumers only use slices with the highest generation.', 'int64'),
    resourceSliceCount: int('ResourceSliceCount is the total number of ResourceSlices in the pool at this generation number. Must be greater than zero.', 'int64'),
  }),
  nodeName: opt(str('NodeName identifies the node which provides the resources in this pool. Field selector spec.nodeName. Exactly one of nodeName, nodeSelector, allNodes and perDeviceNodeSelection must be set.')),
  nodeSelector: opt(NodeSelectorSchema),
  allNodes: opt(Type.Boolean({ description: 'AllNodes indicates that all nodes have access to the resources in the pool.' })),
  perDeviceNodeSelection: opt(Type.Boolean({ description: 'PerDeviceNodeSelection defines whether the access from nodes to resources in the pool is set on the ResourceSlice level or on each device.' })),
  devices: opt(atomicList(DeviceSchema, 'Devices lists some or all of the devices in this pool. Must not have more than 128 entries.')),
  sharedCounters: opt(atomicList(named('io.k8s.api.resource.v1.CounterSet', 'CounterSet defines a named set of counters that are available to be used by devices defined in the ResourcePool.', {
    name: str('Name defines the name of the counter set. It must be a DNS label.'),
    counters: Type.Record(Type.String(), CounterSchema, { description: 'Counters defines the set of counters for this CounterSet.' }),
  }), 'SharedCounters defines a list of counter sets, each of which has a name and a list of counters available.')),
});

export const ResourceSliceSchema = kindObject({ group: 'resource.k8s.io', version: 'v1', kind: 'ResourceSlice' }, 'ResourceSlice represents one or more resources in a pool of similar resources, managed by a common driver.', {
  spec: ResourceSliceSpecSchema,
});
export type ResourceSlice = Static<typeof ResourceSliceSchema>;
