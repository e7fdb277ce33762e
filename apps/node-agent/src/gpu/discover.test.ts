import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureRunner } from './capture-runner.ts';
import { discoverGpus } from './discover.ts';
import { H100 } from './test-fixtures.ts';

const UUID = 'GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b';
const fixture = (f: string) => readFile(join(H100(), f), 'utf8');

describe('discoverGpus on the real H100 capture', () => {
  it('finds the one H100 with what nvidia-smi -q -x and the CSV query say', async () => {
    const inv = await discoverGpus(captureRunner(H100()), { captured: true });
    expect(inv).toMatchObject({ source: 'capture', simulated: false, driverVersion: '580.159.04', cudaVersion: '13.0', problems: [] });
    expect(inv.devices).toEqual([
      {
        uuid: UUID,
        index: 0,
        minor: 0,
        name: 'NVIDIA H100 80GB HBM3',
        brand: 'NVIDIA',
        architecture: 'Hopper',
        computeCapability: '9.0',
        memoryBytes: 81559 * 1024 * 1024,
        pciBusId: '0000:00:06.0',
        type: 'gpu',
        healthy: true,
      },
    ]);
    expect(inv.deviceNodes).toEqual(['nvidia-caps', 'nvidia-uvm', 'nvidia-uvm-tools', 'nvidia0', 'nvidiactl']);
  });

  it('agrees with every other capture of the same machine', async () => {
    const [dev] = (await discoverGpus(captureRunner(H100()))).devices;
    // nvidia-smi -L, the human-readable -q and the plain banner describe the same card.
    expect(await fixture('nvidia-smi-L.txt')).toContain(`GPU ${dev!.index}: ${dev!.name} (UUID: ${dev!.uuid})`);
    const q = await fixture('nvidia-smi-q.txt');
    expect(q).toMatch(new RegExp(`GPU UUID\\s+: ${dev!.uuid}`));
    expect(q).toMatch(/Minor Number\s+: 0\n/);
    expect(q).toMatch(/FB Memory Usage\n\s+Total\s+: 81559 MiB/);
    expect(q).toMatch(/Product Architecture\s+: Hopper/);
    const banner = await fixture('nvidia-smi.txt');
    expect(banner).toContain('Driver Version: 580.159.04');
    expect(banner).toContain('CUDA Version: 13.0');
    expect(banner).toContain('00000000:00:06.0');
    expect(banner).toContain('81559MiB');
    // The wide CSV (with units) and the nounits one the agent asks for carry the same facts.
    expect(await fixture('nvidia-smi-query.csv')).toContain(`0, ${dev!.uuid}, NVIDIA H100 80GB HBM3, 00000000:00:06.0, 81559 MiB`);
    expect(await fixture('nvidia-smi-query-nounits.csv')).toContain('9.0, Disabled');
    // sysfs: vendor 0x10de, class 0x0302 (3D controller), nvidia driver, /proc information.
    const sysfs = await fixture('sysfs.txt');
    expect(sysfs).toContain('class=0x030200');
    expect(sysfs).toMatch(/Device Minor: \s+0/);
    // topo lists one GPU; no MIG instances exist; no process uses the GPU; machine facts.
    expect((await fixture('nvidia-smi-topo.txt')).match(/^GPU\d/gm)).toEqual(['GPU0']);
    expect(await fixture('nvidia-smi-mig-lgi.txt')).toContain('No MIG-enabled devices found');
    expect((await fixture('nvidia-smi-compute-apps.csv')).trim().split('\n')).toHaveLength(1);
    expect(await fixture('machine.txt')).toContain('Ubuntu 24.04');
  });
});
