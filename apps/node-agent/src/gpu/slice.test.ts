import { parseQuantity, registry, validateSchema } from '@skiff/api';
import { describe, expect, it } from 'vitest';
import { captureRunner } from './capture-runner.ts';
import { discoverGpus } from './discover.ts';
import { resourceSliceFor, toSemver } from './slice.ts';
import { H100, testdata } from './test-fixtures.ts';

const sliceType = registry.byKind('resource.k8s.io', 'ResourceSlice')!;
type Dev = { name: string; attributes: Record<string, unknown>; capacity: Record<string, { value: string }> };
const devicesOf = (s: { spec?: unknown }) => (s.spec as { devices: Dev[] }).devices;

describe('resourceSliceFor', () => {
  it('publishes the H100 as NVIDIA DRA driver does, and the schema accepts it', async () => {
    const inv = await discoverGpus(captureRunner(H100()));
    const slice = resourceSliceFor('gpu-node', inv, 3);
    expect(validateSchema(sliceType, slice)).toEqual([]);
    expect(slice).toMatchObject({
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceSlice',
      metadata: { name: 'gpu-node-gpu.nvidia.com' },
      spec: { driver: 'gpu.nvidia.com', pool: { name: 'gpu-node', generation: 3, resourceSliceCount: 1 }, nodeName: 'gpu-node' },
    });
    expect(devicesOf(slice)).toEqual([
      {
        name: 'gpu-0',
        attributes: {
          type: { string: 'gpu' },
          uuid: { string: 'GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b' },
          productName: { string: 'NVIDIA H100 80GB HBM3' },
          brand: { string: 'NVIDIA' },
          architecture: { string: 'Hopper' },
          cudaComputeCapability: { version: '9.0.0' },
          driverVersion: { version: '580.159.4' },
          cudaDriverVersion: { version: '13.0.0' },
          index: { int: 0 },
          minor: { int: 0 },
          pcieBusID: { string: '0000:00:06.0' },
          'resource.kubernetes.io/pciBusID': { string: '0000:00:06.0' },
        },
        capacity: { memory: { value: '81559Mi' } },
      },
    ]);
    // The quantity is exactly fb_memory_usage/total.
    expect(parseQuantity(devicesOf(slice)[0]!.capacity['memory']!.value).toNumber()).toBe(81559 * 2 ** 20);
  });

  it('MIG: one device per instance named as NVIDIA names them, parent left out', async () => {
    const inv = await discoverGpus(captureRunner(testdata('h100-mig'), H100()));
    const slice = resourceSliceFor('n1', inv, 1);
    expect(validateSchema(sliceType, slice)).toEqual([]);
    const devs = devicesOf(slice);
    expect(devs.map((d) => d.name)).toEqual(['gpu-0-mig-3g40gb-9-4', 'gpu-0-mig-1g10gb-19-2', 'gpu-0-mig-1g10gb-19-3']);
    expect(devs[0]!.attributes).toMatchObject({ type: { string: 'mig' }, profile: { string: '3g.40gb' }, parentUUID: { string: 'GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b' }, uuid: { string: 'MIG-1b1e2a3c-4d5e-5f60-8a7b-1c2d3e4f5a60' } });
    expect(devs[0]!.capacity).toEqual({ memory: { value: '40448Mi' }, multiprocessors: { value: '60' }, copyEngines: { value: '3' }, decoders: { value: '3' }, encoders: { value: '0' }, jpegEngines: { value: '3' }, ofaEngines: { value: '0' } });
  });

  it('simulated inventories say so on every device; unhealthy devices are left out', async () => {
    const inv = await discoverGpus(captureRunner(testdata('two-gpus')));
    inv.devices[1]!.healthy = false;
    const slice = resourceSliceFor('n1', { ...inv, simulated: true, source: 'simulated' }, 1);
    expect(devicesOf(slice).map((d) => [d.name, d.attributes['simulated']])).toEqual([['gpu-1', { bool: true }]]);
  });

  it('versions become strict semver or are left out', () => {
    expect(['9.0', '13.0', '580.159.04', '535.104.05', '12', 'abc', '1.2.3.4'].map(toSemver)).toEqual(['9.0.0', '13.0.0', '580.159.4', '535.104.5', '12.0.0', undefined, undefined]);
  });
});
