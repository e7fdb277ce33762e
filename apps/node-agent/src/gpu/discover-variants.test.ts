import { describe, expect, it } from 'vitest';
import { captureRunner } from './capture-runner.ts';
import { discoverGpus } from './discover.ts';
import { H100, testdata } from './test-fixtures.ts';
import type { ToolRunner } from './types.ts';

const H100_UUID = 'GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b';
const variant = (name: string) => captureRunner(testdata(name), H100());
const reasons = (inv: { problems: { reason: string }[] }) => inv.problems.map((p) => p.reason);

describe('discoverGpus on hand-made variants', () => {
  it('MIG on: the instances replace the parent, with UUIDs from -L, profiles, memory and cap nodes', async () => {
    const inv = await discoverGpus(variant('h100-mig'));
    expect(inv.problems).toEqual([]);
    expect(inv.devices.map((d) => [d.type, d.uuid, d.migProfile, d.memoryBytes / 2 ** 20])).toEqual([
      ['mig', 'MIG-1b1e2a3c-4d5e-5f60-8a7b-1c2d3e4f5a60', '3g.40gb', 40448],
      ['mig', 'MIG-2c2f3b4d-5e6f-5071-9b8c-2d3e4f5a6b71', '1g.10gb', 9984],
      ['mig', 'MIG-3d304c5e-6f70-5182-ac9d-3e4f5a6b7c82', '1g.10gb', 9984],
    ]);
    const [big, small] = inv.devices;
    expect(big).toMatchObject({ parentUuid: H100_UUID, minor: 0, pciBusId: '0000:00:06.0', computeCapability: '9.0', architecture: 'Hopper', healthy: true });
    expect(big!.mig).toEqual({
      parentIndex: 0, deviceIndex: 0, gpuInstanceId: 2, computeInstanceId: 0, profileId: 9, placementStart: 4, placementSize: 4,
      multiprocessors: 60, copyEngines: 3, decoders: 3, encoders: 0, jpegEngines: 3, ofaEngines: 0,
      capDevices: ['/dev/nvidia-caps/nvidia-cap21', '/dev/nvidia-caps/nvidia-cap22'],
    });
    expect(small!.mig).toMatchObject({ gpuInstanceId: 9, profileId: 19, placementStart: 2, capDevices: ['/dev/nvidia-caps/nvidia-cap84', '/dev/nvidia-caps/nvidia-cap85'] });
  });

  it('MIG pending != current: the GPU is reported and not healthy', async () => {
    const base = captureRunner(H100());
    const runner: ToolRunner = {
      ...base,
      run: async (cmd, args, t) => {
        const r = await base.run(cmd, args, t);
        return args.join(' ') === '-q -x' ? { ...r, stdout: r.stdout.replace('<pending_mig>Disabled', '<pending_mig>Enabled') } : r;
      },
    };
    const inv = await discoverGpus(runner);
    expect(inv.devices[0]).toMatchObject({ uuid: H100_UUID, healthy: false, problem: 'MigModeChangePending' });
    expect(inv.problems[0]).toMatchObject({ reason: 'MigModeChangePending', device: H100_UUID });
  });

  it('two GPUs: index and minor kept apart, GeForce brand, Ada compute capability', async () => {
    const inv = await discoverGpus(captureRunner(testdata('two-gpus')));
    expect(inv.problems).toEqual([]);
    expect(inv).toMatchObject({ driverVersion: '570.133.07', cudaVersion: '12.8' });
    expect(inv.devices.map((d) => [d.index, d.minor, d.pciBusId, d.brand, d.architecture, d.computeCapability, d.memoryBytes])).toEqual([
      [0, 1, '0000:01:00.0', 'GeForce', 'Ada Lovelace', '8.9', 24564 * 2 ** 20],
      [1, 0, '0000:41:00.0', 'GeForce', 'Ada Lovelace', '8.9', 24564 * 2 ** 20],
    ]);
    expect(inv.deviceNodes).toContain('nvidia-modeset');
  });

  it('no nvidia-smi: sysfs finds both cards (vendor 0x10de, class 0x03), skips the HDMI audio functions', async () => {
    const inv = await discoverGpus(captureRunner(testdata('sysfs-only')));
    expect(inv.source).toBe('sysfs');
    expect(inv.driverVersion).toBe('570.133.07'); // the kernel module's, from /proc/driver/nvidia/version
    expect(inv.cudaVersion).toBeUndefined();
    // This box never ran CUDA since boot, so the on-demand /dev/nvidia-uvm is not there yet.
    expect(reasons(inv)).toEqual(['NvidiaSmiNotFound', 'NvidiaUvmMissing']);
    expect(inv.devices).toEqual([
      { uuid: 'GPU-5a1b2c3d-0000-4000-8000-00000000000a', index: 1, minor: 1, name: 'NVIDIA GeForce RTX 4090', memoryBytes: 0, pciBusId: '0000:01:00.0', type: 'gpu', healthy: true, architecture: 'Ada Lovelace' },
      { uuid: 'GPU-6b2c3d4e-0000-4000-8000-00000000000b', index: 0, minor: 0, name: 'NVIDIA GeForce RTX 4090', memoryBytes: 0, pciBusId: '0000:41:00.0', type: 'gpu', healthy: true, architecture: 'Ada Lovelace' },
    ]);
  });

  it('a vfio-pci bound card is not a device but a problem with its bus id', async () => {
    const inv = await discoverGpus(variant('vfio-bound'));
    expect(inv.devices.map((d) => d.uuid)).toEqual([H100_UUID]);
    expect(inv.problems).toEqual([expect.objectContaining({ reason: 'GpuBoundToVfio', device: '0000:00:07.0' })]);
  });

  it('a hanging nvidia-smi times out, falls back to sysfs and says so', async () => {
    const base = captureRunner(H100());
    const hanging: ToolRunner = { ...base, run: () => new Promise(() => undefined) };
    const started = Date.now();
    const inv = await discoverGpus(hanging, { timeoutMs: 50 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(inv.source).toBe('sysfs');
    expect(reasons(inv)).toEqual(['NvidiaSmiTimeout']);
    expect(inv.devices).toEqual([expect.objectContaining({ uuid: H100_UUID, minor: 0, pciBusId: '0000:00:06.0', architecture: 'Hopper', healthy: true })]);
    expect(inv.driverVersion).toBe('580.159.04');
  });

  it('garbage everywhere: a problem, no crash, and the GPU still found through sysfs', async () => {
    const inv = await discoverGpus(variant('garbage'));
    expect(reasons(inv)).toContain('NvidiaSmiOutputUnparseable');
    expect(inv.devices).toEqual([expect.objectContaining({ uuid: H100_UUID, minor: 0 })]);
  });

  it('garbage XML but a good CSV: devices from the CSV, minor from /proc, versions from --version', async () => {
    const inv = await discoverGpus(variant('garbage-xml-only'));
    expect(reasons(inv)).toEqual(['NvidiaSmiOutputUnparseable']);
    expect(inv).toMatchObject({ source: 'nvidia-smi', driverVersion: '580.159.04', cudaVersion: '13.0' });
    expect(inv.devices).toEqual([
      { uuid: H100_UUID, index: 0, minor: 0, name: 'NVIDIA H100 80GB HBM3', memoryBytes: 81559 * 2 ** 20, pciBusId: '0000:00:06.0', type: 'gpu', healthy: true, computeCapability: '9.0' },
    ]);
  });

  it('driver/library mismatch: diagnosed, GPUs found through sysfs and marked unhealthy', async () => {
    const inv = await discoverGpus(variant('driver-mismatch'));
    expect(reasons(inv)).toEqual(['DriverLibraryVersionMismatch']);
    expect(inv.problems[0]!.message).toContain('580.159');
    expect(inv.devices).toEqual([expect.objectContaining({ uuid: H100_UUID, healthy: false, problem: 'DriverLibraryVersionMismatch' })]);
  });

  it('a GPU the kernel has but nvidia-smi left out is listed unhealthy, never dropped', async () => {
    const base = captureRunner(testdata('two-gpus'));
    const runner: ToolRunner = {
      ...base,
      run: async (cmd, args, t) => {
        const r = await base.run(cmd, args, t);
        if (args.join(' ') !== '-q -x') return r;
        return { ...r, stdout: r.stdout.replace(/<gpu id="00000000:41:00.0">[\s\S]*?<\/gpu>/, '') };
      },
    };
    const inv = await discoverGpus(runner);
    expect(inv.devices.map((d) => [d.pciBusId, d.healthy])).toEqual([['0000:01:00.0', true], ['0000:41:00.0', false]]);
    expect(reasons(inv)).toEqual(['GpuNotReportedByNvidiaSmi']);
  });

  it('a machine without NVIDIA hardware or tools reports source none and nothing else', async () => {
    const empty: ToolRunner = { run: async () => ({ code: 127, stdout: '', stderr: 'nvidia-smi: command not found' }), readFile: async () => undefined, readdir: async () => [], readlink: async () => undefined };
    const inv = await discoverGpus(empty);
    expect(inv).toMatchObject({ source: 'none', devices: [] });
  });
});
