/**
 * Hand-built ResourceSlices shaped like NVIDIA's gpu.nvidia.com kubelet plugin publishes them
 * (k8s-api.md 3.9, v25.3-style attributes incl. index/minor/pcieBusID), filled from the H100
 * capture in /work/shared/fixtures/gpu/h100-80gb-hbm3-driver580/ (nvidia-smi -q, query.csv):
 * NVIDIA H100 80GB HBM3, compute capability 9.0, driver 580.159.04 (580.159.4 as semver),
 * CUDA 13.0, 81559 MiB (published as 80Gi), MIG profiles from nvidia-smi mig -lgip.
 */
import type { DeviceClass, Device, Node, ResourceClaim, ResourceSlice } from '@skiff/api';

export const DRIVER = 'gpu.nvidia.com';
export const CAPTURED_UUID = 'GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b';

export function h100(minor: number, uuid = `GPU-e0ecd959-be0e-0507-e318-97f99ef71e${(0x80 + minor).toString(16)}`): Device {
  return {
    name: `gpu-${minor}`,
    attributes: {
      type: { string: 'gpu' },
      uuid: { string: uuid },
      productName: { string: 'NVIDIA H100 80GB HBM3' },
      brand: { string: 'Nvidia' },
      architecture: { string: 'Hopper' },
      cudaComputeCapability: { version: '9.0.0' },
      driverVersion: { version: '580.159.4' },
      cudaDriverVersion: { version: '13.0.0' },
      index: { int: minor },
      minor: { int: minor },
      pcieBusID: { string: `00000000:${(6 + minor).toString(16).padStart(2, '0')}:00.0` },
      'resource.kubernetes.io/pcieRoot': { string: `pci0000:${minor < 4 ? '00' : '80'}` },
    },
    capacity: { memory: { value: '80Gi' } },
  };
}

export function nodeSlice(node: string, devices: Device[], opts: { generation?: number; count?: number; name?: string; driver?: string } = {}): ResourceSlice {
  const driver = opts.driver ?? DRIVER;
  return {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceSlice',
    metadata: { name: opts.name ?? `${node}-${driver}` },
    spec: { driver, pool: { name: node, generation: opts.generation ?? 1, resourceSliceCount: opts.count ?? 1 }, nodeName: node, devices },
  };
}

export function eightGpuSlice(node: string): ResourceSlice {
  return nodeSlice(node, Array.from({ length: 8 }, (_, i) => h100(i)));
}

/** MIG 1g.10gb / 2g.20gb / 3g.40gb devices of one parent H100 (profile ids from -lgip). */
export function migDevice(parentMinor: number, profile: string, profileId: number, start: number, parentUUID: string): Device {
  const memGi = Number(/\.(\d+)gb/.exec(profile)![1]);
  return {
    name: `gpu-${parentMinor}-mig-${profile.replace('.', '')}-${profileId}-${start}`,
    attributes: {
      type: { string: 'mig' },
      uuid: { string: `MIG-${parentMinor}-${profileId}-${start}` },
      parentUUID: { string: parentUUID },
      profile: { string: profile },
      productName: { string: 'NVIDIA H100 80GB HBM3' },
      cudaComputeCapability: { version: '9.0.0' },
      driverVersion: { version: '580.159.4' },
    },
    capacity: { memory: { value: `${memGi}Gi` }, multiprocessors: { value: String(16 * Number(profile[0])) } },
  };
}

export function node(name: string, labels: Record<string, string> = {}): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } };
}

export function deviceClass(name: string, expressions: string[], extra: Partial<DeviceClass['spec']> = {}): DeviceClass {
  return {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'DeviceClass',
    metadata: { name },
    spec: { selectors: expressions.map((expression) => ({ cel: { expression } })), ...extra },
  };
}

export const GPU_CLASS = deviceClass('gpu.nvidia.com', [`device.driver == '${DRIVER}' && device.attributes['${DRIVER}'].type == 'gpu'`], {
  extendedResourceName: 'nvidia.com/gpu',
  config: [{ opaque: { driver: DRIVER, parameters: { apiVersion: 'resource.nvidia.com/v1beta1', kind: 'GpuConfig' } } }],
});
export const MIG_CLASS = deviceClass('mig.nvidia.com', [`device.driver == '${DRIVER}' && device.attributes['${DRIVER}'].type == 'mig'`]);

export function claim(name: string, spec: ResourceClaim['spec'], namespace = 'ml'): ResourceClaim {
  return { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaim', metadata: { name, namespace }, spec };
}

/** One request `gpus` for `count` devices of a class, with optional extra selectors. */
export function gpuClaim(name: string, count = 1, selectors: string[] = [], className = 'gpu.nvidia.com'): ResourceClaim {
  return claim(name, {
    devices: {
      requests: [{ name: 'gpus', exactly: { deviceClassName: className, count, selectors: selectors.map((expression) => ({ cel: { expression } })) } }],
    },
  });
}
