import { describe, expect, it } from 'vitest';
import { checkImageCudaRequirement } from './cuda-require.ts';
import { diagnoseNvmlError } from './diagnose.ts';
import { H100 } from './test-fixtures.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

describe('diagnoseNvmlError', () => {
  it('names what the H100 printed: a container without device nodes, an engine without the NVIDIA runtime', async () => {
    const proven = await readFile(join(H100(), 'docker-raw-passthrough.txt'), 'utf8');
    const noDevices = /\[no-devices\] logs:\n(.*)\n/.exec(proven)![1]!;
    expect(diagnoseNvmlError(noDevices)?.reason).toBe('NvmlUnknownError');
    const startError = /\[device-requests-nvidia\] start 500 (.*)/.exec(proven)![1]!.replaceAll('\\\\', '\\').replaceAll('\\"', '"');
    expect(diagnoseNvmlError(startError)?.reason).toBe('NvidiaRuntimeMissing');
  });

  it.each([
    ['Failed to initialize NVML: Driver/library version mismatch\nNVML library version: 580.95', 'DriverLibraryVersionMismatch'],
    ["NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.", 'DriverNotLoaded'],
    ['Unable to determine the device handle for GPU0000:0B:00.0: Unknown Error', 'GpuLost'],
    ['nvidia-container-cli: requirement error: unsatisfied condition: cuda>=12.4, please update your driver', 'CudaVersionUnsatisfied'],
    ['No devices were found', 'NoDevicesFound'],
    ['Failed to initialize NVML: Insufficient Permissions', 'NvmlInsufficientPermissions'],
  ])('%s → %s', (text, reason) => {
    expect(diagnoseNvmlError(text)?.reason).toBe(reason);
  });

  it('leaves unknown text alone', () => {
    expect(diagnoseNvmlError('all good')).toBeUndefined();
  });
});

describe('checkImageCudaRequirement', () => {
  const cuda124 = ['PATH=/usr/bin', 'NVIDIA_REQUIRE_CUDA=cuda>=12.4 brand=tesla,driver>=470,driver<471 brand=unknown,driver>=470,driver<471'];
  it('the H100 (CUDA 13.0) runs a 12.4 image; a CUDA 12.2 host does not, with the hook\'s words', () => {
    expect(checkImageCudaRequirement(cuda124, '13.0')).toBeUndefined();
    expect(checkImageCudaRequirement(cuda124, '12.2')).toMatchObject({ reason: 'CudaVersionUnsatisfied', message: expect.stringContaining('unsatisfied condition: cuda>=12.4') });
  });
  it('compares numerically, and skips when disabled, absent or unknown', () => {
    expect(checkImageCudaRequirement(['NVIDIA_REQUIRE_CUDA=cuda>=12.10'], '12.9')?.reason).toBe('CudaVersionUnsatisfied');
    expect(checkImageCudaRequirement(['NVIDIA_REQUIRE_CUDA=cuda>=12.10'], '12.10')).toBeUndefined();
    expect(checkImageCudaRequirement([...cuda124, 'NVIDIA_DISABLE_REQUIRE=true'], '11.0')).toBeUndefined();
    expect(checkImageCudaRequirement(['PATH=/bin'], '11.0')).toBeUndefined();
    expect(checkImageCudaRequirement(cuda124, undefined)).toBeUndefined();
  });
});
