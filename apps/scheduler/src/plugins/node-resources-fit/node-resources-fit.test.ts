import { describe, expect, it } from 'vitest';
import { CycleState } from '../../framework/cycle-state.ts';
import { makeNode, makePod } from '../../testing/fixtures.ts';
import { nodeInfo, podInfo } from '../test-util.ts';
import { NodeResourcesFitPlugin } from './node-resources-fit.ts';
import { podRequests } from '../../cache/pod-info.ts';
import { DeviceState } from '../../cache/device-state.ts';
import { gpuSlice } from '../../testing/fixtures.ts';
import type { ResourceClaim } from '@skiff/api';

describe('NodeResourcesFit filter', () => {
  const plugin = new NodeResourcesFitPlugin();
  const cases: { name: string; node: Parameters<typeof makeNode>[1]; existing: Parameters<typeof makePod>[1][]; pod: Parameters<typeof makePod>[1]; want: string[] }[] = [
    { name: 'fits', node: { cpu: '2' }, existing: [{ cpu: '1' }], pod: { cpu: '1' }, want: [] },
    { name: 'cpu short', node: { cpu: '2' }, existing: [{ cpu: '1500m' }], pod: { cpu: '1' }, want: ['Insufficient cpu'] },
    { name: 'memory short', node: { memory: '1Gi' }, existing: [], pod: { memory: '2Gi' }, want: ['Insufficient memory'] },
    { name: 'gpu short', node: { gpus: 1 }, existing: [{ gpu: 1 }], pod: { gpu: 1 }, want: ['Insufficient nvidia.com/gpu'] },
    { name: 'gpu absent', node: {}, existing: [], pod: { gpu: 1 }, want: ['Insufficient nvidia.com/gpu'] },
    { name: 'too many pods', node: { pods: 1 }, existing: [{}], pod: {}, want: ['Too many pods'] },
    { name: 'all reasons', node: { cpu: '1', memory: '1Gi', pods: 1 }, existing: [{}], pod: { cpu: '2', memory: '2Gi' }, want: ['Too many pods', 'Insufficient cpu', 'Insufficient memory'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const n = nodeInfo(makeNode('n', c.node), c.existing.map((o, i) => makePod(`e${i}`, o)));
      const s = plugin.filter(new CycleState(), podInfo(makePod('p', c.pod)), n);
      expect(s.reasons).toEqual(c.want);
    });
  }
});

describe('NodeResourcesFit counts GPUs held by DRA claims against nvidia.com/gpu', () => {
  const claim = (name: string, pool: string, devices: number[]): ResourceClaim => ({
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaim',
    metadata: { name, namespace: 'default' },
    spec: {},
    status: { allocation: { devices: { results: devices.map((i) => ({ request: 'gpu', driver: 'gpu.nvidia.com', pool, device: `gpu-${i}` })) } } },
  });
  const cases: { name: string; allocated?: [pool: string, devices: number[]][]; inFlight?: number[]; classic?: number; pod: number; ignored?: boolean; want: string[] }[] = [
    { name: 'free GPUs left beside a claim', allocated: [['n', [0]]], pod: 1, want: [] },
    { name: 'every GPU held by claims', allocated: [['n', [0, 1]]], pod: 1, want: ['Insufficient nvidia.com/gpu'] },
    { name: 'claims and classic pods together fill the node', allocated: [['n', [0]]], classic: 1, pod: 1, want: ['Insufficient nvidia.com/gpu'] },
    { name: 'an in-flight allocation holds its GPU already', inFlight: [1], classic: 1, pod: 1, want: ['Insufficient nvidia.com/gpu'] },
    { name: "claims on another node's pool do not count", allocated: [['m', [0, 1]]], pod: 2, want: [] },
    { name: 'asking for more than the claims left', allocated: [['n', [1]]], pod: 2, want: ['Insufficient nvidia.com/gpu'] },
    { name: 'ignoredResources skips the check entirely', allocated: [['n', [0, 1]]], pod: 1, ignored: true, want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const devices = new DeviceState();
      for (const node of ['n', 'm']) devices.setSlice(gpuSlice(node, 2), `${node}-gpu`);
      for (const [i, [pool, ds]] of (c.allocated ?? []).entries()) devices.setClaim(claim(`c${i}`, pool, ds), `default/c${i}`);
      if (c.inFlight) devices.addInFlight('default/f', { podKey: 'default/fp', allocation: claim('f', 'n', c.inFlight).status!.allocation!, devices: c.inFlight.map((i) => `gpu.nvidia.com/n/gpu-${i}`) });
      const plugin = new NodeResourcesFitPlugin(c.ignored ? { ignoredResources: ['nvidia.com/gpu'] } : {}, devices);
      const n = nodeInfo(makeNode('n', { gpus: 2 }), c.classic ? [makePod('e', { gpu: c.classic })] : []);
      expect(plugin.filter(new CycleState(), podInfo(makePod('p', { gpu: c.pod })), n).reasons).toEqual(c.want);
    });
  }

  it('scores a node whose GPUs claims hold as fuller (bin-packing sees both ledgers)', () => {
    const devices = new DeviceState();
    for (const node of ['n', 'm']) devices.setSlice(gpuSlice(node, 2), `${node}-gpu`);
    devices.setClaim(claim('c', 'n', [0]), 'default/c');
    const plugin = new NodeResourcesFitPlugin({}, devices);
    const gpuPod = podInfo(makePod('g', { gpu: 1 }));
    const s = new CycleState();
    expect(plugin.score(s, gpuPod, nodeInfo(makeNode('n', { gpus: 2 })))).toBeGreaterThan(plugin.score(s, gpuPod, nodeInfo(makeNode('m', { gpus: 2 }))));
  });
});

describe('pod requests = max(sum of containers, max init) + overhead', () => {
  const cases: { name: string; spec: object; cpu: number }[] = [
    { name: 'containers sum', spec: { containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }, { name: 'b', resources: { requests: { cpu: '500m' } } }] }, cpu: 1500 },
    { name: 'init dominates', spec: { initContainers: [{ name: 'i', resources: { requests: { cpu: '3' } } }], containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }] }, cpu: 3000 },
    { name: 'sidecar adds', spec: { initContainers: [{ name: 's', restartPolicy: 'Always', resources: { requests: { cpu: '1' } } }], containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }] }, cpu: 2000 },
    { name: 'overhead', spec: { overhead: { cpu: '250m' }, containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }] }, cpu: 1250 },
    { name: 'limits only', spec: { containers: [{ name: 'a', resources: { limits: { cpu: '2' } } }] }, cpu: 2000 },
  ];
  for (const c of cases) it(c.name, () => expect(podRequests({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: c.spec as never }).cpu).toBe(c.cpu));
});

describe('NodeResourcesFit score', () => {
  it('spreads CPU pods (LeastAllocated) and packs GPU pods (MostAllocated)', () => {
    const plugin = new NodeResourcesFitPlugin();
    const empty = nodeInfo(makeNode('empty', { gpus: 8 }));
    const busy = nodeInfo(makeNode('busy', { gpus: 8 }), [makePod('x', { cpu: '4', memory: '16Gi', gpu: 4 })]);
    const cpuPod = podInfo(makePod('c', { cpu: '1' }));
    const gpuPod = podInfo(makePod('g', { cpu: '1', gpu: 1 }));
    const s = new CycleState();
    expect(plugin.score(s, cpuPod, empty)).toBeGreaterThan(plugin.score(s, cpuPod, busy));
    expect(plugin.score(s, gpuPod, busy)).toBeGreaterThan(plugin.score(s, gpuPod, empty));
  });
});

describe('NodeResourcesFit leaves extended resources served by DRA to DynamicResources', () => {
  const withClass = (extendedResourceName?: string): DeviceState => {
    const d = new DeviceState();
    d.setClass({ apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', metadata: { name: 'gpu.nvidia.com' }, spec: { ...(extendedResourceName ? { extendedResourceName } : {}) } }, 'gpu.nvidia.com');
    return d;
  };
  const implicitPod = () => {
    const p = makePod('p');
    p.spec!.containers[0]!.resources = { limits: { 'deviceclass.resource.kubernetes.io/gpu.nvidia.com': '1' } };
    return p;
  };
  const cases: { name: string; devices: DeviceState; node: Parameters<typeof makeNode>[1]; pod: ReturnType<typeof makePod>; want: string[] }[] = [
    { name: 'mapped name, node without it: not counted here', devices: withClass('nvidia.com/gpu'), node: {}, pod: makePod('p', { gpu: 2 }), want: [] },
    { name: 'mapped name, node lists it: counted as always (classic path)', devices: withClass('nvidia.com/gpu'), node: { gpus: 1 }, pod: makePod('p', { gpu: 2 }), want: ['Insufficient nvidia.com/gpu'] },
    { name: 'no class maps the name', devices: withClass(), node: {}, pod: makePod('p', { gpu: 1 }), want: ['Insufficient nvidia.com/gpu'] },
    { name: 'implicit deviceclass.resource.kubernetes.io/<class> name', devices: withClass(), node: {}, pod: implicitPod(), want: [] },
    { name: 'other resources still count', devices: withClass('nvidia.com/gpu'), node: { cpu: '1' }, pod: makePod('p', { gpu: 1, cpu: '2' }), want: ['Insufficient cpu'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = new NodeResourcesFitPlugin({}, c.devices).filter(new CycleState(), podInfo(c.pod), nodeInfo(makeNode('n', c.node), []));
      expect(s.reasons ?? []).toEqual(c.want);
    });
  }
});
