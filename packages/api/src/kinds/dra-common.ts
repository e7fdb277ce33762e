/** resource.k8s.io/v1 building blocks shared by DeviceClass, ResourceClaim and ResourceSlice. */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, str, int, stringEnum, named } from './helpers.ts';

const opt = Type.Optional;

export const DeviceSelectorSchema = named('io.k8s.api.resource.v1.DeviceSelector', 'DeviceSelector must have exactly one field set.', {
  cel: opt(named('io.k8s.api.resource.v1.CELDeviceSelector', 'CELDeviceSelector contains a CEL expression for selecting a device.', {
    expression: str("Expression is a CEL expression which evaluates a single device. It must evaluate to true when the device under consideration satisfies the desired criteria. The variable `device` has driver, attributes and capacity."),
  })),
});
export type DeviceSelector = Static<typeof DeviceSelectorSchema>;

export const OpaqueDeviceConfigurationSchema = named('io.k8s.api.resource.v1.OpaqueDeviceConfiguration', 'OpaqueDeviceConfiguration contains configuration parameters for a driver in a format defined by the driver vendor.', {
  driver: str('Driver is used to determine which kubelet plugin needs to be passed these configuration parameters.'),
  parameters: Type.Unknown({ description: 'Parameters can contain arbitrary data. It is the responsibility of the driver developer to handle validation and versioning.', 'x-kubernetes-preserve-unknown-fields': true }),
});

export const DeviceClassConfigurationSchema = named('io.k8s.api.resource.v1.DeviceClassConfiguration', 'DeviceClassConfiguration is used in DeviceClass.', {
  opaque: opt(OpaqueDeviceConfigurationSchema),
});

export const DeviceTolerationSchema = named('io.k8s.api.resource.v1.DeviceToleration', 'The ResourceClaim this DeviceToleration is attached to tolerates any taint that matches the triple <key,value,effect>.', {
  key: opt(str('Key is the taint key that the toleration applies to. Empty means match all taint keys.')),
  operator: opt(stringEnum(['Exists', 'Equal'], "Operator represents a key's relationship to the value. Defaults to Equal.")),
  value: opt(str('Value is the taint value the toleration matches to.')),
  effect: opt(stringEnum(['', 'NoSchedule', 'NoExecute'], 'Effect indicates the taint effect to match. Empty means match all taint effects.')),
  tolerationSeconds: opt(int('TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute) tolerates the taint.', 'int64')),
});

export const ALLOCATION_MODES = ['ExactCount', 'All'] as const;

const requestFields = () => ({
  deviceClassName: str('DeviceClassName references a specific DeviceClass, which can define additional configuration and selectors to be inherited by this request.'),
  selectors: opt(atomicList(DeviceSelectorSchema, 'Selectors define criteria which must be satisfied by a specific device in order for that device to be considered for this request. All selectors must be satisfied.')),
  allocationMode: opt(stringEnum([...ALLOCATION_MODES], 'AllocationMode and its related fields define how devices are allocated to satisfy this request. ExactCount (default) or All.')),
  count: opt(int('Count is used only when the count mode is "ExactCount". Must be greater than zero. Defaults to 1.', 'int64')),
  tolerations: opt(atomicList(DeviceTolerationSchema, 'If specified, the request\'s tolerations.')),
  capacity: opt(named('io.k8s.api.resource.v1.CapacityRequirements', 'CapacityRequirements defines the capacity requirements for a specific device request.', {
    requests: opt(Type.Record(Type.String(), Type.String({ 'x-skiff-type': 'io.k8s.apimachinery.pkg.api.resource.Quantity' }), { description: 'Requests represent individual device resource requests for distinct resources, all of which must be provided by the device.' })),
  })),
});

export const ExactDeviceRequestSchema = named('io.k8s.api.resource.v1.ExactDeviceRequest', 'ExactDeviceRequest is a request for one or more identical devices.', {
  ...requestFields(),
  adminAccess: opt(Type.Boolean({ description: 'AdminAccess indicates that this is a claim for administrative access to the device(s).' })),
});
export type ExactDeviceRequest = Static<typeof ExactDeviceRequestSchema>;

export const DeviceSubRequestSchema = named('io.k8s.api.resource.v1.DeviceSubRequest', 'DeviceSubRequest describes a request for device provided in the claim.spec.devices.requests[].firstAvailable array.', {
  name: str('Name can be used to reference this subrequest in the list of constraints or the list of configurations for the claim. References must use the format <main request>/<subrequest>. Must be a DNS label.'),
  ...requestFields(),
});
export type DeviceSubRequest = Static<typeof DeviceSubRequestSchema>;

export const DeviceRequestSchema = named('io.k8s.api.resource.v1.DeviceRequest', 'DeviceRequest is a request for devices required for a claim. Exactly one of exactly and firstAvailable must be set.', {
  name: str('Name can be used to reference this request in a pod.spec.containers[].resources.claims entry and in a constraint of the claim. Must be a DNS label.'),
  exactly: opt(ExactDeviceRequestSchema),
  firstAvailable: opt(atomicList(DeviceSubRequestSchema, 'FirstAvailable contains subrequests, of which exactly one will be selected by the scheduler. It tries to satisfy them in the order in which they are listed here.')),
});
export type DeviceRequest = Static<typeof DeviceRequestSchema>;

export const DeviceConstraintSchema = named('io.k8s.api.resource.v1.DeviceConstraint', 'DeviceConstraint must have exactly one field set besides Requests.', {
  requests: opt(atomicList(Type.String(), 'Requests is a list of the one or more requests in this claim which must co-satisfy this constraint. Empty means all requests.')),
  matchAttribute: opt(str('MatchAttribute requires that all devices in question have this attribute and that its type and value are the same across those devices. Must be fully qualified.')),
  distinctAttribute: opt(str('DistinctAttribute requires that all devices in question have this attribute and that its type and value are unique across those devices.')),
});

export const DeviceClaimConfigurationSchema = named('io.k8s.api.resource.v1.DeviceClaimConfiguration', 'DeviceClaimConfiguration is used for configuration parameters in DeviceClaim.', {
  requests: opt(atomicList(Type.String(), 'Requests lists the names of requests where the configuration applies. If empty, it applies to all requests.')),
  opaque: opt(OpaqueDeviceConfigurationSchema),
});

export const ResourceClaimSpecSchema = named('io.k8s.api.resource.v1.ResourceClaimSpec', 'ResourceClaimSpec defines what is being requested in a ResourceClaim and how to configure it.', {
  devices: opt(named('io.k8s.api.resource.v1.DeviceClaim', 'DeviceClaim defines how to request devices with a ResourceClaim.', {
    requests: opt(atomicList(DeviceRequestSchema, 'Requests represent individual requests for distinct devices which must all be satisfied. If empty, nothing needs to be allocated.')),
    constraints: opt(atomicList(DeviceConstraintSchema, 'These constraints must be satisfied by the set of devices that get allocated for the claim.')),
    config: opt(atomicList(DeviceClaimConfigurationSchema, 'This field holds configuration for multiple potential drivers which could satisfy requests in this claim.')),
  })),
});
export type ResourceClaimSpec = Static<typeof ResourceClaimSpecSchema>;
