/** resource.k8s.io/v1 DeviceClass. */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, str, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { DeviceSelectorSchema, DeviceClassConfigurationSchema } from './dra-common.ts';

const opt = Type.Optional;

export const DeviceClassSchema = kindObject({ group: 'resource.k8s.io', version: 'v1', kind: 'DeviceClass' }, 'DeviceClass is a vendor- or admin-provided resource that contains device configuration and selectors. It can be referenced in the device requests of a claim to apply these presets.', {
  spec: named('io.k8s.api.resource.v1.DeviceClassSpec', 'DeviceClassSpec is used in a DeviceClass to define what can be allocated and how to configure it.', {
    selectors: opt(atomicList(DeviceSelectorSchema, 'Each selector must be satisfied by a device which is claimed via this class.')),
    config: opt(atomicList(DeviceClassConfigurationSchema, 'Config defines configuration parameters that apply to each device that is claimed via this class.')),
    extendedResourceName: opt(str('ExtendedResourceName is the extended resource name for the devices of this class (DRAExtendedResource).')),
  }),
});
export type DeviceClass = Static<typeof DeviceClassSchema>;
