/**
 * GPU use through the capture runner: the real H100 capture (which has no usage file, so the
 * query answers like a vanished nvidia-smi) and hand-made usage CSVs in gpu/testdata.
 */
import { describe, expect, it } from 'vitest';
import { captureRunner } from '../gpu/capture-runner.ts';
import { discoverGpus } from '../gpu/discover.ts';
import { loadSimulatedGpus } from '../gpu/simulate.ts';
import { H100, testdata } from '../gpu/test-fixtures.ts';
import type { ToolRunner } from '../gpu/types.ts';
import { parseUsageCsv, simulatedUsage, smiUsage } from './gpu-usage.ts';
import type { GpuHolderRef } from './types.ts';

const H100_UUID = 'GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b';
const MIB = 1024 * 1024;
const web: GpuHolderRef = { namespace: 'ml', pod: 'train', container: 'main' };
const holders = (m: Record<string, GpuHolderRef[]> = {}) => async () => new Map(Object.entries(m));

async function usage(dir: string[], held: Record<string, GpuHolderRef[]> = {}) {
  const runner = captureRunner(dir[0]!, ...dir.slice(1));
  const inventory = await discoverGpus(runner);
  return smiUsage({ runner, inventory, holders: holders(held), now: () => Date.parse('2026-12-01T10:00:00Z') }).read();
}

describe('nvidia-smi usage query', () => {
  it('a busy H100: utilisation, memory in bytes, the holding container', async () => {
    const g = await usage([testdata('h100-busy'), H100()], { [H100_UUID]: [web] });
    expect(g).toEqual({
      source: 'nvidia-smi',
      readAt: '2026-12-01T10:00:00.000Z',
      devices: [{ uuid: H100_UUID, index: 0, name: 'NVIDIA H100 80GB HBM3', utilizationPercent: 87, memoryUsedBytes: 40960 * MIB, memoryTotalBytes: 81559 * MIB, simulated: false, holders: [web] }],
    });
  });

  it('the real capture alone: the usage query finds no nvidia-smi, a problem instead of devices', async () => {
    const g = await usage([H100()]);
    expect(g.devices).toEqual([]);
    expect(g.problem?.reason).toBe('NvidiaSmiNotFound');
  });

  it('garbage output is NvidiaSmiOutputUnparseable, a driver mismatch NvidiaSmiFailed with its words', async () => {
    const garbage = await usage([testdata('usage-garbage'), H100()]);
    expect(garbage).toMatchObject({ devices: [], problem: { reason: 'NvidiaSmiOutputUnparseable' } });
    const mismatch = await smiUsage({ runner: captureRunner(testdata('driver-mismatch'), H100()), inventory: await discoverGpus(captureRunner(H100())), holders: holders() }).read();
    expect(mismatch.problem).toEqual({ reason: 'NvidiaSmiFailed', message: expect.stringContaining('exited with 18: Failed to initialize NVML: Driver/library version mismatch') });
  });

  it('a hanging nvidia-smi is cut off at the deadline', async () => {
    const hang: ToolRunner = { run: () => new Promise(() => undefined), readFile: async () => undefined, readdir: async () => [], readlink: async () => undefined };
    const g = await smiUsage({ runner: hang, inventory: await discoverGpus(captureRunner(H100())), holders: holders(), timeoutMs: 50 }).read();
    expect(g.problem?.reason).toBe('NvidiaSmiTimeout');
  });

  it('two GPUs, one N/A utilisation: absent, not zero', async () => {
    const g = await usage([testdata('two-gpus')]);
    expect(g.devices.map((d) => [d.index, d.utilizationPercent, d.memoryUsedBytes])).toEqual([[0, 12, 2048 * MIB], [1, undefined, 0]]);
  });

  it('MIG: holders of the instances are listed under their parent GPU', async () => {
    const a = { namespace: 'ml', pod: 'a', container: 'c' };
    const b = { namespace: 'ml', pod: 'b', container: 'c' };
    const g = await usage([testdata('h100-mig'), H100()], { 'MIG-1b1e2a3c-4d5e-5f60-8a7b-1c2d3e4f5a60': [a], 'MIG-2c2f3b4d-5e6f-5071-9b8c-2d3e4f5a6b71': [b] });
    expect(g.devices).toHaveLength(1);
    expect(g.devices[0]).toMatchObject({ uuid: H100_UUID, memoryUsedBytes: 12288 * MIB, holders: [a, b] });
    expect(g.devices[0]!.utilizationPercent).toBeUndefined();
  });

  it.each([
    ['a row with too few cells', '0, GPU-x, H100\n'],
    ['a row without a GPU uuid', '0, banana, H100, 1, 2, 3\n'],
    ['a non-numeric index', 'x, GPU-1, H100, 1, 2, 3\n'],
  ])('parseUsageCsv refuses %s', (_what, csv) => expect(() => parseUsageCsv(csv)).toThrow());
});

describe('simulated GPUs', () => {
  it('listed from the capture with zero use and simulated: true, holders kept', async () => {
    const inv = await loadSimulatedGpus(H100());
    const g = await simulatedUsage(inv, holders({ [H100_UUID]: [web] })).read();
    expect(g).toEqual({
      source: 'simulated',
      devices: [{ uuid: H100_UUID, index: 0, name: 'NVIDIA H100 80GB HBM3', utilizationPercent: 0, memoryUsedBytes: 0, memoryTotalBytes: 81559 * MIB, simulated: true, holders: [web] }],
    });
  });
});
