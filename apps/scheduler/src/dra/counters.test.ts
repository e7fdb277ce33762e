import { describe, expect, it } from 'vitest';
import type { Device, ResourceSlice } from '@skiff/api';
import { allocateOnNode } from './allocate.ts';
import { snapshot } from './testdata/snapshot.ts';
import { claim, DRIVER, h100, migDevice, node } from './testdata/h100.ts';

// One H100 published as a partitionable device (1.35 layout: counters and devices in separate
// slices of one pool): the full GPU consumes every memory slice, MIG devices consume theirs.
const SET = 'gpu-0-counter-set';
const slices = (n: number[]) => Object.fromEntries(n.map((i) => [`memorySlice${i}`, { value: '1' }]));
const consumes = (d: Device, mem: string, memSlices: number[]): Device => ({ ...d, consumesCounters: [{ counterSet: SET, counters: { memory: { value: mem }, ...slices(memSlices) } }] });
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

const counterSlice: ResourceSlice = {
  apiVersion: 'resource.k8s.io/v1',
  kind: 'ResourceSlice',
  metadata: { name: 'node-1-counters' },
  spec: { driver: DRIVER, pool: { name: 'node-1', generation: 1, resourceSliceCount: 2 }, nodeName: 'node-1', sharedCounters: [{ name: SET, counters: { memory: { value: '80Gi' }, ...slices(range(0, 8)) } }] },
};
const deviceSlice: ResourceSlice = {
  apiVersion: 'resource.k8s.io/v1',
  kind: 'ResourceSlice',
  metadata: { name: 'node-1-devices' },
  spec: {
    driver: DRIVER,
    pool: { name: 'node-1', generation: 1, resourceSliceCount: 2 },
    nodeName: 'node-1',
    devices: [
      consumes(h100(0), '80Gi', range(0, 8)),
      consumes(migDevice(0, '3g.40gb', 9, 0, 'GPU-0'), '40Gi', range(0, 4)),
      consumes(migDevice(0, '3g.40gb', 9, 4, 'GPU-0'), '40Gi', range(4, 4)),
      ...range(0, 7).map((s) => consumes(migDevice(0, '1g.10gb', 19, s, 'GPU-0'), '10Gi', [s])),
    ],
  },
};
const key = (d: string) => `${DRIVER}/node-1/${d}`;
const req = (name: string, cls: string, selector?: string) =>
  claim(name, { devices: { requests: [{ name: 'r', exactly: { deviceClassName: cls, ...(selector ? { selectors: [{ cel: { expression: selector } }] } : {}) } }] } });
const profile = (p: string) => `device.attributes['${DRIVER}'].profile == '${p}'`;

describe('partitionable devices: shared counters', () => {
  const N1 = node('node-1');
  const run = (claims: ReturnType<typeof req>[], allocated: string[] = []) => allocateOnNode(claims, N1, snapshot([counterSlice, deviceSlice], { allocated }));
  const picked = (out: ReturnType<typeof run>) => (out.ok ? [...out.results.values()].flatMap((a) => a.devices!.results!.map((r) => r.device)) : out.reason);

  it('a full GPU and a MIG device of it exclude each other within one call', () => {
    expect(picked(run([req('full', 'gpu.nvidia.com'), req('mig', 'mig.nvidia.com')]))).toMatch(/^cannot allocate all claims: no combination of free devices satisfies the shared counters$/);
  });

  it('an allocated full GPU leaves no counters for MIG devices', () => {
    expect(picked(run([req('mig', 'mig.nvidia.com')], [key('gpu-0')]))).toMatch(/shared counters/);
  });

  it('an allocated 1g.10gb on slice 0 blocks the full GPU and the first 3g.40gb, not the second', () => {
    const used = [key('gpu-0-mig-1g10gb-19-0')];
    expect(picked(run([req('full', 'gpu.nvidia.com')], used))).toMatch(/shared counters/);
    expect(picked(run([req('big', 'mig.nvidia.com', profile('3g.40gb'))], used))).toEqual(['gpu-0-mig-3g40gb-9-4']);
  });

  it('two 3g.40gb fit side by side; then no 1g.10gb is left', () => {
    expect(picked(run([req('a', 'mig.nvidia.com', profile('3g.40gb')), req('b', 'mig.nvidia.com', profile('3g.40gb'))]))).toEqual(['gpu-0-mig-3g40gb-9-0', 'gpu-0-mig-3g40gb-9-4']);
    expect(picked(run([req('small', 'mig.nvidia.com', profile('1g.10gb'))], [key('gpu-0-mig-3g40gb-9-0'), key('gpu-0-mig-3g40gb-9-4')]))).toMatch(/shared counters/);
  });

  it('seven 1g.10gb claims fill the GPU, never overcommitting a slice', () => {
    const claims = range(0, 7).map((i) => req(`m${i}`, 'mig.nvidia.com', profile('1g.10gb')));
    expect(picked(run(claims))).toEqual(range(0, 7).map((s) => `gpu-0-mig-1g10gb-19-${s}`));
  });
});
