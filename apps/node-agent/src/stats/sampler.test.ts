/**
 * The sampler with scripted counters: rates between two readings, a counter reset, a
 * restarted container, a pod whose second container is new, and GPU readings that fail
 * (vanished nvidia-smi, garbage, a hang) while CPU and memory go on.
 */
import { describe, expect, it } from 'vitest';
import { captureRunner } from '../gpu/capture-runner.ts';
import { discoverGpus } from '../gpu/discover.ts';
import { H100, testdata } from '../gpu/test-fixtures.ts';
import { containerLabels } from '../runtime/labels.ts';
import type { ContainerStats } from '../runtime/runtime.ts';
import { smiUsage, type GpuUsageSource } from './gpu-usage.ts';
import type { HostCounters, HostReading } from './host.ts';
import { ResourceSampler } from './sampler.ts';

const NODE = 'n1';
const T0 = Date.parse('2026-12-01T10:00:00Z');
const web = { uid: 'u-web', namespace: 'default', name: 'web' };

function container(id: string, pod: typeof web, name: string, cpuNs: number, memBytes: number, at: number): ContainerStats {
  return { id, labels: containerLabels(NODE, pod, name, 0), cpuUsageNanoSeconds: cpuNs, memoryWorkingSetBytes: memBytes, readAt: at };
}

/** Each read() takes the next scripted value; the last one repeats. */
function script<T>(values: Array<T | Error>): () => Promise<T> {
  let i = 0;
  return async () => {
    const v = values[Math.min(i++, values.length - 1)]!;
    if (v instanceof Error) throw v;
    return v;
  };
}

function sampler(host: Array<HostReading | Error>, containers: Array<ContainerStats[] | Error>, gpus?: GpuUsageSource): ResourceSampler {
  const h: HostCounters = { read: script(host) };
  return new ResourceSampler({ nodeName: NODE, host: h, runtime: { containerStats: script(containers) }, gpus });
}

const host = (cpuSeconds: number, memGi: number, at: number): HostReading => ({ cpuUsageNanoSeconds: cpuSeconds * 1e9, memoryWorkingSetBytes: memGi * 2 ** 30, readAt: at });

describe('ResourceSampler', () => {
  it('nothing after one reading; rates over the window after two', async () => {
    const s = sampler(
      [host(1000, 2, T0), host(1015, 3, T0 + 10_000)],
      [[container('c1', web, 'main', 5e9, 100e6, T0)], [container('c1', web, 'main', 7.5e9, 120e6, T0 + 10_000)]],
    );
    await s.sampleNow();
    expect(s.latest()).toEqual({ nodeName: NODE, pods: [], gpus: { source: 'none', devices: [] } });
    await s.sampleNow();
    expect(s.latest()).toEqual({
      nodeName: NODE,
      node: { timestamp: '2026-12-01T10:00:10.000Z', windowSeconds: 10, cpuUsageNanoCores: 1.5e9, memoryWorkingSetBytes: 3 * 2 ** 30 },
      pods: [{ namespace: 'default', name: 'web', uid: 'u-web', timestamp: '2026-12-01T10:00:10.000Z', windowSeconds: 10, containers: [{ name: 'main', cpuUsageNanoCores: 250e6, memoryWorkingSetBytes: 120e6, gpus: [] }] }],
      gpus: { source: 'none', devices: [] },
    });
  });

  it('a counter that went backwards gives no rate for that pair, and a rate again on the next', async () => {
    const s = sampler(
      [host(1000, 1, T0), host(900, 1, T0 + 10_000), host(902, 1, T0 + 20_000)],
      [[container('c1', web, 'main', 9e9, 1, T0)], [container('c1', web, 'main', 1e9, 1, T0 + 10_000)], [container('c1', web, 'main', 2e9, 1, T0 + 20_000)]],
    );
    await s.sampleNow();
    await s.sampleNow();
    expect(s.latest().node).toBeUndefined();
    expect(s.latest().pods).toEqual([]);
    await s.sampleNow();
    expect(s.latest().node?.cpuUsageNanoCores).toBe(0.2e9);
    expect(s.latest().pods[0]!.containers[0]!.cpuUsageNanoCores).toBe(100e6);
  });

  it('a restarted container (new id) and a pod with one new container wait one reading; the rest is reported', async () => {
    const other = { uid: 'u-db', namespace: 'default', name: 'db' };
    const s = sampler(
      [host(1, 1, T0)],
      [
        [container('a1', web, 'main', 1e9, 1, T0), container('b1', other, 'db', 1e9, 1, T0)],
        [container('a2', web, 'main', 0, 1, T0 + 10_000), container('b1', other, 'db', 2e9, 1, T0 + 10_000), container('b2', other, 'sidecar', 0, 1, T0 + 10_000)],
        [container('a2', web, 'main', 1e9, 1, T0 + 20_000), container('b1', other, 'db', 3e9, 1, T0 + 20_000), container('b2', other, 'sidecar', 1e8, 1, T0 + 20_000)],
      ],
    );
    await s.sampleNow();
    await s.sampleNow();
    expect(s.latest().pods).toEqual([]);
    await s.sampleNow();
    expect(s.latest().pods.map((p) => [p.name, p.containers.map((c) => [c.name, c.cpuUsageNanoCores])])).toEqual([
      ['web', [['main', 100e6]]],
      ['db', [['db', 100e6], ['sidecar', 10e6]]],
    ]);
  });

  it('an unreadable /proc leaves the node out, an engine error the pods; each part alone, counters kept', async () => {
    const s = sampler(
      [host(1, 1, T0), new Error('EACCES /proc/stat'), host(3, 1, T0 + 20_000)],
      [[container('c1', web, 'main', 0, 1, T0)], new Error('engine down'), [container('c1', web, 'main', 2e9, 1, T0 + 20_000)]],
    );
    await s.sampleNow();
    await s.sampleNow();
    expect(s.latest().pods).toEqual([]);
    expect(s.latest().node).toBeUndefined();
    await s.sampleNow();
    // The readings from before the failures still count: rates over the whole 20 s.
    expect(s.latest().node).toMatchObject({ cpuUsageNanoCores: 0.1e9, windowSeconds: 20 });
    expect(s.latest().pods[0]).toMatchObject({ windowSeconds: 20, containers: [{ cpuUsageNanoCores: 0.1e9 }] });
  });

  it.each([
    ['vanished nvidia-smi', [H100()], 'NvidiaSmiNotFound'],
    ['garbage output', [testdata('usage-garbage'), H100()], 'NvidiaSmiOutputUnparseable'],
  ])('%s: GPU problem reported, CPU and memory unaffected', async (_what, dirs, reason) => {
    const runner = captureRunner(dirs[0]!, ...dirs.slice(1));
    const gpus = smiUsage({ runner, inventory: await discoverGpus(captureRunner(H100())), holders: async () => new Map() });
    const s = sampler([host(1, 1, T0), host(11, 1, T0 + 10_000)], [[container('c1', web, 'main', 0, 5, T0)], [container('c1', web, 'main', 1e9, 5, T0 + 10_000)]], gpus);
    await s.sampleNow();
    await s.sampleNow();
    const l = s.latest();
    expect(l.gpus).toMatchObject({ source: 'nvidia-smi', devices: [], problem: { reason } });
    expect(l.node?.cpuUsageNanoCores).toBe(1e9);
    expect(l.pods[0]?.containers[0]).toEqual({ name: 'main', cpuUsageNanoCores: 100e6, memoryWorkingSetBytes: 5, gpus: [] });
  });

  it('a hanging GPU reading does not hold up the timer\'s ticks', async () => {
    let reads = 0;
    const hang: GpuUsageSource = { read: () => (reads++, new Promise(() => undefined)) };
    let hostReads = 0;
    const s = new ResourceSampler({ nodeName: NODE, host: { read: async () => host(++hostReads, 1, T0 + hostReads * 10) }, runtime: { containerStats: async () => [] }, gpus: hang, intervalMs: 5 });
    s.start();
    await new Promise((r) => setTimeout(r, 100));
    s.stop();
    expect(hostReads).toBeGreaterThan(3);
    expect(reads).toBe(1); // one at a time: the hung reading is not started again on every tick
    expect(s.latest().node?.cpuUsageNanoCores).toBe(100e9); // 1 s of CPU per 10 ms
  });

  it('containers list the GPUs they hold (from the GPU reading\'s holders)', async () => {
    const runner = captureRunner(testdata('h100-busy'), H100());
    const gpus = smiUsage({ runner, inventory: await discoverGpus(runner), holders: async () => new Map([['GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b', [{ namespace: 'default', pod: 'web', container: 'main' }]]]) });
    const s = sampler([host(1, 1, T0)], [[container('c1', web, 'main', 0, 1, T0), container('c2', web, 'side', 0, 1, T0)], [container('c1', web, 'main', 1, 1, T0 + 1000), container('c2', web, 'side', 1, 1, T0 + 1000)]], gpus);
    await s.sampleNow();
    await s.sampleNow();
    const [pod] = s.latest().pods;
    expect(pod!.containers.map((c) => [c.name, c.gpus])).toEqual([['main', ['GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b']], ['side', []]]);
    expect(s.latest().gpus.devices[0]).toMatchObject({ utilizationPercent: 87, holders: [{ pod: 'web' }] });
  });
});
