import { describe, expect, it } from 'vitest';
import { captureRunner } from './capture-runner.ts';
import { classicGpuCount, nodeGpuConditions } from './conditions.ts';
import { discoverGpus } from './discover.ts';
import { loadSimulatedGpus } from './simulate.ts';
import { resourceSliceFor } from './slice.ts';
import { H100, testdata } from './test-fixtures.ts';

const brief = (c: { type: string; status: string; reason: string }[]) => c.map((x) => `${x.type}=${x.status}/${x.reason}`);

describe('nodeGpuConditions', () => {
  it('healthy H100', async () => {
    expect(brief(nodeGpuConditions(await discoverGpus(captureRunner(H100())))) ).toEqual(['GPUDriverReady=True/DriverReady', 'GPUHealthy=True/AllGPUsHealthy']);
  });
  it('driver mismatch makes the driver not ready and the GPUs unhealthy', async () => {
    const c = nodeGpuConditions(await discoverGpus(captureRunner(testdata('driver-mismatch'), H100())));
    expect(brief(c)).toEqual(['GPUDriverReady=False/DriverLibraryVersionMismatch', 'GPUHealthy=False/DriverLibraryVersionMismatch']);
  });
  it('vfio-bound card: driver fine, node not all healthy', async () => {
    const c = nodeGpuConditions(await discoverGpus(captureRunner(testdata('vfio-bound'), H100())));
    expect(brief(c)).toEqual(['GPUDriverReady=True/DriverReady', 'GPUHealthy=False/GpuBoundToVfio']);
    expect(c[1]!.message).toContain('0000:00:07.0');
  });
  it('missing /dev/nvidia-uvm shows on the node', async () => {
    expect(brief(nodeGpuConditions(await discoverGpus(captureRunner(testdata('sysfs-only')))))).toEqual(['GPUDriverReady=False/NvidiaUvmMissing', 'GPUHealthy=True/AllGPUsHealthy']);
  });
  it('classic nvidia.com/gpu count follows what is published', async () => {
    expect(classicGpuCount(await discoverGpus(captureRunner(testdata('h100-mig'), H100())))).toBe(3);
    expect(classicGpuCount(await discoverGpus(captureRunner(testdata('driver-mismatch'), H100())))).toBe(0);
  });
  it('a node without NVIDIA hardware has no GPU conditions', () => {
    expect(nodeGpuConditions({ source: 'none', devices: [], problems: [], simulated: false })).toEqual([]);
  });
});

describe('loadSimulatedGpus', () => {
  it('the H100 capture as a simulated node: same devices, marked simulated everywhere', async () => {
    const inv = await loadSimulatedGpus(H100());
    expect(inv).toMatchObject({ source: 'simulated', simulated: true, driverVersion: '580.159.04' });
    expect(inv.devices.map((d) => d.uuid)).toEqual(['GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b']);
    expect(nodeGpuConditions(inv)[0]!.message).toContain('(simulated)');
    const slice = resourceSliceFor('laptop', inv, 1) as { spec: { devices: { attributes: Record<string, unknown> }[] } };
    expect(slice.spec.devices[0]!.attributes['simulated']).toEqual({ bool: true });
  });
});
