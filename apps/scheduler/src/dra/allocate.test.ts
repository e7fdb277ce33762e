import { describe, expect, it } from 'vitest';
import type { DeviceClass, ResourceClaim, ResourceSlice } from '@skiff/api';
import { allocateOnNode } from './allocate.ts';
import type { AllocationOutcome } from './types.ts';
import { snapshot } from './testdata/snapshot.ts';
import { claim, deviceClass, DRIVER, eightGpuSlice, GPU_CLASS, gpuClaim, h100, MIG_CLASS, migDevice, node, nodeSlice } from './testdata/h100.ts';

const N1 = node('node-1', { zone: 'a' });
const key = (dev: string, pool = 'node-1') => `${DRIVER}/${pool}/${dev}`;
const devicesOf = (out: AllocationOutcome, name: string) => (out.ok ? out.results.get(name)?.devices?.results?.map((r) => `${r.request}=${r.device}`) : out.reason);
const A = `device.attributes['${DRIVER}']`;
const C = `device.capacity['${DRIVER}']`;

interface Case {
  name: string;
  claims: ResourceClaim[];
  slices?: ResourceSlice[];
  allocated?: string[];
  alsoInUse?: string[];
  classes?: DeviceClass[];
  want?: Record<string, string[]>;
  reason?: RegExp;
  unresolvable?: boolean;
}

const twoParents = nodeSlice('node-1', [
  migDevice(0, '3g.40gb', 9, 0, 'GPU-A'),
  migDevice(0, '3g.40gb', 9, 4, 'GPU-A'),
  migDevice(1, '3g.40gb', 9, 0, 'GPU-B'),
  migDevice(1, '2g.20gb', 14, 4, 'GPU-B'),
  migDevice(1, '1g.10gb', 19, 6, 'GPU-B'),
]);
const migClaim = (name: string, count: number) =>
  claim(name, { devices: { requests: [{ name: 'mig', exactly: { deviceClassName: 'mig.nvidia.com', count } }], constraints: [{ requests: ['mig'], matchAttribute: `${DRIVER}/parentUUID` }] } });

const cases: Case[] = [
  { name: 'one GPU on an idle 8-GPU node', claims: [gpuClaim('c')], want: { c: ['gpus=gpu-0'] } },
  { name: 'skips allocated and in-flight devices', claims: [gpuClaim('c', 2)], allocated: [key('gpu-0')], alsoInUse: [key('gpu-1')], want: { c: ['gpus=gpu-2', 'gpus=gpu-3'] } },
  { name: 'All takes every matching device', claims: [claim('c', { devices: { requests: [{ name: 'all', exactly: { deviceClassName: 'gpu.nvidia.com', allocationMode: 'All' } }] } })], want: { c: Array.from({ length: 8 }, (_, i) => `all=gpu-${i}`) } },
  { name: 'All fails when one matching device is in use', claims: [claim('c', { devices: { requests: [{ name: 'all', exactly: { deviceClassName: 'gpu.nvidia.com', allocationMode: 'All' } }] } })], allocated: [key('gpu-5')], reason: /^cannot allocate all claims: claim ml\/c, request all: 7 of 8 matching devices are free/ },
  { name: 'All needs at least one device', claims: [claim('c', { devices: { requests: [{ name: 'all', exactly: { deviceClassName: 'mig.nvidia.com', allocationMode: 'All' } }] } })], reason: /0\/8 devices match request all \(allocationMode All needs at least 1\)/, unresolvable: true },
  { name: 'more devices than the node has is unresolvable', claims: [gpuClaim('c', 9)], reason: /^claim ml\/c: 8\/8 devices match request gpus \(need 9\)$/, unresolvable: true },
  { name: 'selector rejects every device', claims: [gpuClaim('c', 1, [`${C}.memory.compareTo(quantity('100Gi')) >= 0`])], reason: /0\/8 devices match request gpus: 8 rejected by selector device\.capacity\['gpu\.nvidia\.com'\]\.memory\.compareTo\(quantity\('100Gi'\)\) >= 0/, unresolvable: true },
  { name: 'selector keeps 40Gi+ devices', claims: [gpuClaim('c', 1, [`${C}.memory.compareTo(quantity('40Gi')) >= 0`])], want: { c: ['gpus=gpu-0'] } },
  { name: 'missing attribute is a per-device error in the reason', claims: [gpuClaim('c', 1, [`${A}.nosuch == 'x'`])], reason: /8 rejected by selector .* failed: device gpu\.nvidia\.com\/node-1\/gpu-0: No such key: nosuch/i, unresolvable: true },
  { name: 'compile error', claims: [gpuClaim('c', 1, ['device.driver ==='])], reason: /^claim ml\/c, request gpus: selector device\.driver ===: compilation failed/, unresolvable: true },
  { name: 'non-bool selector', claims: [gpuClaim('c', 1, [`${A}.index + 1`])], reason: /must evaluate to bool/, unresolvable: true },
  { name: 'missing DeviceClass', claims: [gpuClaim('c', 1, [], 'nope.example.com')], reason: /^claim ml\/c, request gpus: could not retrieve device class nope\.example\.com/, unresolvable: true },
  {
    name: 'firstAvailable falls through to the second subrequest',
    claims: [claim('c', { devices: { requests: [{ name: 'gpus', firstAvailable: [{ name: 'big', deviceClassName: 'gpu.nvidia.com', count: 16 }, { name: 'two', deviceClassName: 'gpu.nvidia.com', count: 2 }] }] } })],
    want: { c: ['gpus/two=gpu-0', 'gpus/two=gpu-1'] },
  },
  {
    name: 'firstAvailable prefers the first that fits now',
    claims: [claim('c', { devices: { requests: [{ name: 'gpus', firstAvailable: [{ name: 'mig', deviceClassName: 'mig.nvidia.com' }, { name: 'full', deviceClassName: 'gpu.nvidia.com' }] }] } })],
    want: { c: ['gpus/full=gpu-0'] },
  },
  { name: 'matchAttribute backtracks to the parent with room', slices: [twoParents], claims: [migClaim('c', 3)], want: { c: ['mig=gpu-1-mig-3g40gb-9-0', 'mig=gpu-1-mig-2g20gb-14-4', 'mig=gpu-1-mig-1g10gb-19-6'] } },
  { name: 'matchAttribute: no parent has room', slices: [twoParents], claims: [migClaim('c', 4)], reason: /^cannot allocate all claims: no combination of free devices satisfies the constraints$/ },
  {
    name: 'matchAttribute on pcieRoot across two requests',
    claims: [claim('c', { devices: { requests: [{ name: 'a', exactly: { deviceClassName: 'gpu.nvidia.com', count: 3 } }, { name: 'b', exactly: { deviceClassName: 'gpu.nvidia.com', count: 3 } }], constraints: [{ matchAttribute: 'resource.kubernetes.io/pcieRoot' }] } })],
    allocated: [key('gpu-4')],
    reason: /^cannot allocate all claims: no combination/,
  },
  {
    name: 'greedy first claim would starve the second: backtrack',
    claims: [gpuClaim('any'), gpuClaim('zero', 1, [`${A}.index == 0`])],
    allocated: ['2', '3', '4', '5', '6', '7'].map((i) => key(`gpu-${i}`)),
    want: { any: ['gpus=gpu-1'], zero: ['gpus=gpu-0'] },
  },
  { name: 'two claims split the node, never a device twice', claims: [gpuClaim('a', 4), gpuClaim('b', 4)], want: { a: ['gpus=gpu-0', 'gpus=gpu-1', 'gpus=gpu-2', 'gpus=gpu-3'], b: ['gpus=gpu-4', 'gpus=gpu-5', 'gpus=gpu-6', 'gpus=gpu-7'] } },
  { name: 'two claims competing for the last devices', claims: [gpuClaim('a', 2), gpuClaim('b', 1)], allocated: ['0', '1', '2', '3', '4', '5'].map((i) => key(`gpu-${i}`)), reason: /^cannot allocate all claims$/ },
  {
    name: 'only the highest pool generation counts',
    slices: [nodeSlice('node-1', [h100(0), h100(1), h100(2)], { generation: 1, name: 'old' }), nodeSlice('node-1', [h100(5)], { generation: 2, name: 'new' })],
    claims: [gpuClaim('c', 2)],
    reason: /^claim ml\/c: 1\/1 devices match request gpus \(need 2\)$/,
    unresolvable: true,
  },
  {
    name: 'incomplete pool is not used and named',
    slices: [nodeSlice('node-1', [h100(0)], { generation: 3, count: 2 })],
    claims: [gpuClaim('c')],
    reason: /0\/0 devices match request gpus; pool gpu\.nvidia\.com\/node-1 is incomplete \(1\/2 slices at generation 3\)/,
    unresolvable: true,
  },
  {
    name: 'pool complete across two slices',
    slices: [nodeSlice('node-1', [h100(0)], { count: 2, name: 's1' }), nodeSlice('node-1', [h100(1)], { count: 2, name: 's2' })],
    claims: [gpuClaim('c', 2)],
    want: { c: ['gpus=gpu-0', 'gpus=gpu-1'] },
  },
  {
    name: 'tainted devices are skipped unless tolerated',
    slices: [nodeSlice('node-1', [{ ...h100(0), taints: [{ key: 'ecc', value: 'bad', effect: 'NoSchedule' }] }, h100(1)])],
    claims: [gpuClaim('c', 2)],
    reason: /1\/2 devices match request gpus \(need 2\): 1 rejected by untolerated taint ecc=bad:NoSchedule/,
    unresolvable: true,
  },
];

describe('allocateOnNode', () => {
  it.each(cases)('$name', (c) => {
    const snap = snapshot(c.slices ?? [eightGpuSlice('node-1')], { allocated: c.allocated ?? [], ...(c.classes ? { classes: c.classes } : {}) });
    const out = allocateOnNode(c.claims, N1, snap, new Set(c.alsoInUse ?? []));
    if (c.want) {
      expect(out.ok ? 'ok' : out.reason).toBe('ok');
      for (const [name, devs] of Object.entries(c.want)) expect(devicesOf(out, name)).toEqual(devs);
    } else {
      expect(out.ok).toBe(false);
      if (!out.ok) {
        expect(out.reason).toMatch(c.reason!);
        expect(out.unresolvable ?? false).toBe(c.unresolvable ?? false);
      }
    }
  });

  it('writes the allocation as upstream: results, config FromClass then FromClaim, node selector', () => {
    const c = gpuClaim('c', 1);
    c.spec.devices!.config = [{ requests: ['gpus'], opaque: { driver: DRIVER, parameters: { kind: 'GpuConfig', sharing: { strategy: 'TimeSlicing' } } } }];
    const out = allocateOnNode([c], N1, snapshot([eightGpuSlice('node-1')]));
    expect(out.ok && out.results.get('c')).toEqual({
      devices: {
        results: [{ request: 'gpus', driver: DRIVER, pool: 'node-1', device: 'gpu-0' }],
        config: [
          { source: 'FromClass', requests: ['gpus'], opaque: GPU_CLASS.spec.config![0]!.opaque },
          { source: 'FromClaim', requests: ['gpus'], opaque: { driver: DRIVER, parameters: { kind: 'GpuConfig', sharing: { strategy: 'TimeSlicing' } } } },
        ],
      },
      nodeSelector: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }] },
    });
  });

  it('tolerated taints allow the device and are recorded', () => {
    const tainted = nodeSlice('node-1', [{ ...h100(0), taints: [{ key: 'ecc', value: 'bad', effect: 'NoSchedule' }] }]);
    const c = gpuClaim('c');
    c.spec.devices!.requests![0]!.exactly!.tolerations = [{ key: 'ecc', operator: 'Exists' }];
    const out = allocateOnNode([c], N1, snapshot([tainted]));
    expect(out.ok && out.results.get('c')?.devices?.results?.[0]).toMatchObject({ device: 'gpu-0', tolerations: [{ key: 'ecc', operator: 'Exists' }] });
  });

  it('shared slices: allNodes has no node selector, nodeSelector slices need a matching node', () => {
    const shared = (name: string, spec: Partial<ResourceSlice['spec']>): ResourceSlice => ({
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceSlice',
      metadata: { name },
      spec: { driver: 'nic.example.com', pool: { name, generation: 1, resourceSliceCount: 1 }, devices: [{ name: 'nic-0', attributes: { type: { string: 'nic' } } }], ...spec },
    });
    const nicClass = deviceClass('nic.example.com', ["device.driver == 'nic.example.com'"]);
    const zoneA = { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' as const, values: ['a'] }] }] };
    const snap = snapshot([shared('fabric', { allNodes: true }), shared('zone-a', { nodeSelector: zoneA })], { classes: [nicClass] });
    const c = gpuClaim('c', 2, [], 'nic.example.com');
    const out = allocateOnNode([c], N1, snap);
    expect(out.ok && out.results.get('c')?.nodeSelector).toEqual(zoneA);
    expect(devicesOf(out, 'c')).toEqual(['gpus=nic-0', 'gpus=nic-0']);
    expect(out.ok && out.results.get('c')?.devices?.results?.map((r) => r.pool)).toEqual(['fabric', 'zone-a']);
    const one = allocateOnNode([gpuClaim('c', 1, [], 'nic.example.com')], N1, snap);
    expect(one.ok && one.results.get('c')?.nodeSelector).toBeUndefined();
    const other = allocateOnNode([c], node('node-2', { zone: 'b' }), snap);
    expect(other.ok ? 'ok' : other.reason).toMatch(/1\/1 devices match request gpus \(need 2\)/);
  });

  it('a runaway class selector fails cleanly for the claim', () => {
    const big = `[${Array.from({ length: 100 }, (_, i) => i).join(',')}]`;
    const runaway = deviceClass('runaway', [`${big}.all(x, ${big}.all(y, ${big}.all(z, true)))`]);
    const out = allocateOnNode([gpuClaim('c', 1, [], 'runaway')], N1, snapshot([eightGpuSlice('node-1')], { classes: [runaway] }));
    expect(out.ok ? 'ok' : out.reason).toMatch(/cost limit exceeded/);
  });
});
