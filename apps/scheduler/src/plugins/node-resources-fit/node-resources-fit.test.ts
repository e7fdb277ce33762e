import { describe, expect, it } from 'vitest';
import { CycleState } from '../../framework/cycle-state.ts';
import { makeNode, makePod } from '../../testing/fixtures.ts';
import { nodeInfo, podInfo } from '../test-util.ts';
import { NodeResourcesFitPlugin } from './node-resources-fit.ts';
import { podRequests } from '../../cache/pod-info.ts';

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
