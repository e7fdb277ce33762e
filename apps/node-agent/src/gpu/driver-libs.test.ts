import { describe, expect, it } from 'vitest';
import { captureRunner } from './capture-runner.ts';
import { findDriverLibs, parseLdconfig } from './driver-libs.ts';
import { H100, testdata } from './test-fixtures.ts';
import type { ToolRunner } from './types.ts';

describe('findDriverLibs', () => {
  it('H100: the libraries ldconfig lists first (/usr/local/nvidia/lib64), nvidia-smi from PATH', async () => {
    const libs = await findDriverLibs(captureRunner(testdata('h100-host'), H100()), '580.159.04');
    expect(libs).toEqual({
      smi: '/usr/local/nvidia/bin/nvidia-smi',
      libs: [
        { name: 'libnvidia-ml.so.1', hostPath: '/usr/local/nvidia/lib64/libnvidia-ml.so.1' },
        { name: 'libcuda.so.1', hostPath: '/usr/local/nvidia/lib64/libcuda.so.1' },
        { name: 'libnvidia-ptxjitcompiler.so.1', hostPath: '/usr/local/nvidia/lib64/libnvidia-ptxjitcompiler.so.1' },
      ],
    });
  });

  it('the ldd part of driverlibs.txt is not taken for loader-cache entries', async () => {
    const r = await captureRunner(H100()).run('ldconfig', ['-p'], 1000);
    expect(parseLdconfig(r.stdout)).toHaveLength(12);
    expect(r.stdout).not.toContain('libpthread');
  });

  it('takes the copy whose realpath carries the running driver version, not a stale one listed first', async () => {
    const links: Record<string, string> = {
      '/usr/lib/x86_64-linux-gnu/libcuda.so.1': 'libcuda.so.550.54.15',
      '/usr/local/nvidia/lib64/libcuda.so.1': 'libcuda.so.580.159.04',
      '/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1': 'libnvidia-ml.so.550.54.15',
      '/usr/bin/nvidia-smi': '/opt/nvidia/bin/nvidia-smi',
    };
    const ldconfig = [
      '\tlibcuda.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcuda.so.1',
      '\tlibcuda.so.1 (libc6,x86-64) => /usr/local/nvidia/lib64/libcuda.so.1',
      '\tlibcuda.so.1 (libc6) => /usr/lib/i386-linux-gnu/libcuda.so.1',
      '\tlibnvidia-ml.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1',
      '\tlibnvidia-nvvm.so.4 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libnvidia-nvvm.so.4',
    ].join('\n');
    const runner: ToolRunner = {
      run: async (cmd) => (cmd === 'ldconfig' ? { code: 0, stdout: ldconfig, stderr: '' } : { code: 0, stdout: '/usr/bin/nvidia-smi\n', stderr: '' }),
      readFile: async () => undefined,
      readdir: async () => [],
      readlink: async (p) => links[p],
    };
    const libs = await findDriverLibs(runner, '580.159.04');
    expect(libs.smi).toBe('/opt/nvidia/bin/nvidia-smi');
    expect(libs.libs).toEqual([
      { name: 'libcuda.so.1', hostPath: '/usr/local/nvidia/lib64/libcuda.so.580.159.04' },
      { name: 'libnvidia-nvvm.so.4', hostPath: '/usr/lib/x86_64-linux-gnu/libnvidia-nvvm.so.4' },
    ]);
    expect(libs.problems).toEqual([expect.objectContaining({ reason: 'DriverLibraryVersionMismatch' })]);
    expect(libs.problems![0]!.message).toContain('libnvidia-ml.so.1');
  });
});
