/** gpuRows on hand-made snapshots: the cases the api-server test does not reach. */
import { describe, expect, it } from 'vitest';
import { holderText } from './holders.ts';
import { gpuRows } from './rows.ts';
import type { GpuSnapshot } from './snapshot.ts';

const node = (name: string, o: { ready?: boolean; gpus?: number; sick?: string } = {}) => ({
  metadata: { name, labels: {} },
  status: {
    capacity: { 'nvidia.com/gpu': String(o.gpus ?? 1) },
    conditions: [{ type: 'Ready', status: o.ready === false ? 'Unknown' : 'True' }, ...(o.sick ? [{ type: 'GPUHealthy', status: 'False', reason: 'GpuLost', message: `GPU ${o.sick} is unhealthy: GpuLost` }] : [])],
  },
});
const slice = (nodeName: string, generation: number, devices: [string, number, string][]) => ({
  metadata: { name: `${nodeName}-${generation}` },
  spec: { driver: 'gpu.nvidia.com', nodeName, pool: { name: nodeName, generation }, devices: devices.map(([name, index, uuid]) => ({ name, attributes: { index: { int: index }, uuid: { string: uuid }, productName: { string: 'H100' } }, capacity: { memory: { value: '80Gi' } } })) },
});
const snap = (o: Partial<GpuSnapshot>): GpuSnapshot => ({ nodes: [], slices: [], claims: [], pods: [], ...o });

describe('gpuRows', () => {
  it('only the newest generation of a pool counts', () => {
    const rows = gpuRows(snap({ nodes: [node('a')], slices: [slice('a', 1, [['gpu-0', 0, 'GPU-old']]), slice('a', 2, [['gpu-0', 0, 'GPU-new']])] }));
    expect(rows.map((r) => r.uuid)).toEqual(['GPU-new']);
  });

  it('a published GPU the node now calls unhealthy is Unhealthy; a node not ready makes the others Unknown', () => {
    const rows = gpuRows(snap({
      nodes: [node('a', { gpus: 2, sick: 'GPU-a1a1a1a1-0000-0000-0000-000000000001' }), node('b', { ready: false })],
      slices: [slice('a', 1, [['gpu-0', 0, 'GPU-a0'], ['gpu-1', 1, 'GPU-a1a1a1a1-0000-0000-0000-000000000001']]), slice('b', 1, [['gpu-0', 0, 'GPU-b0']])],
    }));
    expect(rows.map((r) => [r.node, r.device, r.health, r.reason])).toEqual([
      ['a', 'gpu-0', 'Healthy', undefined],
      ['a', 'gpu-1', 'Unhealthy', 'GpuLost'],
      ['b', 'gpu-0', 'Unknown', 'NodeNotReady'],
    ]);
  });

  it('an allocated claim nobody reserves holds its device; one reserved for a finished pod does not', () => {
    const claim = (name: string, device: string, reservedFor: unknown[]) => ({ metadata: { name, namespace: 'ml' }, status: { allocation: { devices: { results: [{ driver: 'gpu.nvidia.com', pool: 'a', device }] } }, reservedFor } });
    const done = { metadata: { name: 'old', namespace: 'ml', uid: 'u1' }, status: { phase: 'Succeeded' } };
    const rows = gpuRows(snap({
      nodes: [node('a', { gpus: 2 })],
      slices: [slice('a', 1, [['gpu-0', 0, 'GPU-a0'], ['gpu-1', 1, 'GPU-a1a1a1a1-0000-0000-0000-000000000001']])],
      claims: [claim('kept', 'gpu-0', []), claim('stale', 'gpu-1', [{ resource: 'pods', name: 'old', uid: 'u1' }])],
      pods: [done],
    }));
    expect(rows.map((r) => r.holders.map(holderText))).toEqual([['claim ml/kept (no pod)'], []]);
  });

  it('a slice whose node object is gone still lists its GPUs, health unknown', () => {
    const rows = gpuRows(snap({ slices: [slice('ghost', 1, [['gpu-0', 0, 'GPU-g0']])] }));
    expect(rows.map((r) => [r.node, r.health])).toEqual([['ghost', 'Unknown']]);
  });
});
