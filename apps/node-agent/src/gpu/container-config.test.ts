import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureRunner } from './capture-runner.ts';
import { gpuContainerConfig, noGpuContainerConfig } from './container-config.ts';
import { discoverGpus } from './discover.ts';
import { findDriverLibs } from './driver-libs.ts';
import { H100, testdata } from './test-fixtures.ts';

const UUID = 'GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b';

async function h100Host() {
  const runner = captureRunner(testdata('h100-host'), H100());
  const inv = await discoverGpus(runner);
  const driverLibs = await findDriverLibs(runner, inv.driverVersion);
  return { inv, driverLibs };
}

describe('gpuContainerConfig', () => {
  it('raw: what was proven on the H100 (docker-raw-passthrough.txt), for the allocated GPU only', async () => {
    const host = await h100Host();
    const cfg = gpuContainerConfig('raw', host.inv.devices, host);
    const proven = await readFile(join(H100(), 'docker-raw-passthrough.txt'), 'utf8');
    const provenNodes = JSON.parse(/^device nodes (\[.*\])$/m.exec(proven)![1]!.replaceAll("'", '"')) as string[];
    expect(cfg.HostConfig.Devices!.map((d) => d.PathOnHost)).toEqual(provenNodes);
    for (const d of cfg.HostConfig.Devices!) expect(d).toEqual({ PathOnHost: d.PathOnHost, PathInContainer: d.PathOnHost, CgroupPermissions: 'rwm' });
    // The driver's files, from the folder the README names, read-only at the CUDA-image layout.
    expect(cfg.HostConfig.Binds).toEqual([
      '/usr/local/nvidia/bin/nvidia-smi:/usr/local/nvidia/bin/nvidia-smi:ro',
      '/usr/local/nvidia/lib64/libnvidia-ml.so.1:/usr/local/nvidia/lib64/libnvidia-ml.so.1:ro',
      '/usr/local/nvidia/lib64/libcuda.so.1:/usr/local/nvidia/lib64/libcuda.so.1:ro',
      '/usr/local/nvidia/lib64/libnvidia-ptxjitcompiler.so.1:/usr/local/nvidia/lib64/libnvidia-ptxjitcompiler.so.1:ro',
    ]);
    expect(cfg.Env).toEqual([
      `NVIDIA_VISIBLE_DEVICES=${UUID}`,
      'NVIDIA_DRIVER_CAPABILITIES=compute,utility',
      'LD_LIBRARY_PATH=/usr/local/nvidia/lib64:/usr/local/nvidia/lib',
      'PATH=/usr/local/nvidia/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    ]);
    expect(cfg.HostConfig.DeviceRequests).toBeUndefined();
    // What the container then printed: the same GPU discovery found.
    expect(proven).toContain(`GPU 0: NVIDIA H100 80GB HBM3 (UUID: ${UUID})`);
  });

  it('raw keeps the image PATH and LD_LIBRARY_PATH after ours', async () => {
    const host = await h100Host();
    const cfg = gpuContainerConfig('raw', host.inv.devices, { ...host, imageEnv: ['PATH=/opt/conda/bin:/usr/bin', 'LD_LIBRARY_PATH=/opt/lib'] });
    expect(cfg.Env).toContain('PATH=/usr/local/nvidia/bin:/opt/conda/bin:/usr/bin');
    expect(cfg.Env).toContain('LD_LIBRARY_PATH=/usr/local/nvidia/lib64:/usr/local/nvidia/lib:/opt/lib');
  });

  it('raw with two cards passes only the allocated one, by its minor (not its index), plus modeset when present', async () => {
    const runner = captureRunner(testdata('two-gpus'));
    const inv = await discoverGpus(runner);
    const second = inv.devices.find((d) => d.index === 1)!;
    const cfg = gpuContainerConfig('raw', [second], { inv, driverLibs: { libs: [] } });
    expect(cfg.HostConfig.Devices!.map((d) => d.PathOnHost)).toEqual(['/dev/nvidia0', '/dev/nvidiactl', '/dev/nvidia-uvm', '/dev/nvidia-uvm-tools', '/dev/nvidia-modeset']);
    expect(cfg.Env[0]).toBe(`NVIDIA_VISIBLE_DEVICES=${second.uuid}`);
  });

  it('raw with MIG: the parent node plus the GI and CI capability nodes', async () => {
    const inv = await discoverGpus(captureRunner(testdata('h100-mig'), H100()));
    const cfg = gpuContainerConfig('raw', [inv.devices[1]!], { inv, driverLibs: { libs: [] } });
    expect(cfg.HostConfig.Devices!.map((d) => d.PathOnHost)).toEqual([
      '/dev/nvidia0', '/dev/nvidia-caps/nvidia-cap84', '/dev/nvidia-caps/nvidia-cap85', '/dev/nvidiactl', '/dev/nvidia-uvm', '/dev/nvidia-uvm-tools',
    ]);
    expect(cfg.Env[0]).toBe('NVIDIA_VISIBLE_DEVICES=MIG-2c2f3b4d-5e6f-5071-9b8c-2d3e4f5a6b71');
  });

  it('cdi: UUID-named CDI devices (GPU and MIG form); index names only when the engine lists no UUID names', async () => {
    const host = await h100Host();
    expect(gpuContainerConfig('cdi', host.inv.devices, host)).toEqual({
      Env: [`NVIDIA_VISIBLE_DEVICES=${UUID}`, 'NVIDIA_DRIVER_CAPABILITIES=compute,utility'],
      HostConfig: { DeviceRequests: [{ Driver: 'cdi', DeviceIDs: [`nvidia.com/gpu=${UUID}`] }] },
    });
    const mig = await discoverGpus(captureRunner(testdata('h100-mig'), H100()));
    const migCfg = gpuContainerConfig('cdi', [mig.devices[2]!], { inv: mig, driverLibs: { libs: [] } });
    expect(migCfg.HostConfig.DeviceRequests).toEqual([{ Driver: 'cdi', DeviceIDs: ['nvidia.com/gpu=MIG-3d304c5e-6f70-5182-ac9d-3e4f5a6b7c82'] }]);
    const indexOnly = gpuContainerConfig('cdi', [mig.devices[2]!], { inv: mig, driverLibs: { libs: [] }, cdiDeviceIds: ['nvidia.com/gpu=0:2', 'nvidia.com/gpu=all'] });
    expect(indexOnly.HostConfig.DeviceRequests).toEqual([{ Driver: 'cdi', DeviceIDs: ['nvidia.com/gpu=0:2'] }]);
  });

  it('nvidia runtime: DeviceRequests by UUID with capabilities, never Count', async () => {
    const host = await h100Host();
    const cfg = gpuContainerConfig('nvidia-runtime', host.inv.devices, host);
    expect(cfg.HostConfig).toEqual({ DeviceRequests: [{ Driver: 'nvidia', DeviceIDs: [UUID], Capabilities: [['gpu', 'utility', 'compute']] }] });
    expect(JSON.stringify(cfg)).not.toContain('Count');
    expect(cfg.Env).toEqual([`NVIDIA_VISIBLE_DEVICES=${UUID}`, 'NVIDIA_DRIVER_CAPABILITIES=compute,utility']);
  });

  it('env-only (simulated): the env a GPU pod would see, no devices', async () => {
    const host = await h100Host();
    expect(gpuContainerConfig('env-only', host.inv.devices, host)).toEqual({
      Env: [`NVIDIA_VISIBLE_DEVICES=${UUID}`, 'NVIDIA_DRIVER_CAPABILITIES=compute,utility'],
      HostConfig: {},
    });
  });

  it('a pod without GPUs gets no device and NVIDIA_VISIBLE_DEVICES=void, whatever the mode', async () => {
    const host = await h100Host();
    expect(noGpuContainerConfig()).toEqual({ Env: ['NVIDIA_VISIBLE_DEVICES=void'], HostConfig: {} });
    for (const mode of ['cdi', 'nvidia-runtime', 'raw', 'env-only'] as const) expect(gpuContainerConfig(mode, [], host)).toEqual(noGpuContainerConfig());
  });
});
