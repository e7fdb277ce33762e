/** The GPU columns and the per-GPU view, for the cases the end-to-end test has no GPU for. */
import type { GpuUsage, NodeMetrics } from '@skiff/api';
import { describe, expect, it } from 'vitest';
import { gpuCells } from './gpu-cells.ts';
import { gpuTable } from './gpu-table.ts';

const gpu = (over: Partial<GpuUsage> = {}): GpuUsage => ({ uuid: 'GPU-1', index: 0, model: 'NVIDIA H100 80GB HBM3', utilizationPercent: 80, memoryUsed: '1Gi', memoryTotal: '80Gi', simulated: false, ...over });
const node = (name: string, over: Partial<NodeMetrics> = {}): NodeMetrics => ({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name }, timestamp: '', window: '10s', usage: { cpu: '1', memory: '1Gi' }, ...over });

describe('gpuCells', () => {
  it.each<[string, GpuUsage[] | undefined, NodeMetrics['gpuProblem'], string[]]>([
    ['no GPUs', undefined, undefined, ['0', '-', '-']],
    ['one GPU', [gpu()], undefined, ['1', '80%', '1024Mi/81920Mi']],
    ['mean utilisation, summed memory', [gpu(), gpu({ uuid: 'GPU-2', index: 1, utilizationPercent: 25, memoryUsed: '3Gi' })], undefined, ['2', '53%', '4096Mi/163840Mi']],
    ['N/A utilisation (MIG) is left out of the mean', [gpu(), gpu({ uuid: 'GPU-2', utilizationPercent: undefined })], undefined, ['2', '80%', '2048Mi/163840Mi']],
    ['only N/A utilisation', [gpu({ utilizationPercent: undefined })], undefined, ['1', '<unknown>', '1024Mi/81920Mi']],
    ['simulated: said, not shown as a reading', [gpu({ simulated: true, utilizationPercent: 0, memoryUsed: '0' })], undefined, ['1', 'simulated', '0Mi/81920Mi']],
    ['nvidia-smi failed', [], { reason: 'NvidiaSmiNotFound', message: 'gone' }, ['<unknown>', '<unknown>', '<unknown>']],
  ])('%s', (_what, gpus, problem, want) => expect(gpuCells(gpus, problem)).toEqual(want));
});

describe('gpuTable (skiff top nodes --gpus)', () => {
  it('rows by node then index, holders listed, problems as warnings', () => {
    const metrics = [
      node('b', { gpus: [gpu({ index: 1, uuid: 'GPU-b1', holders: [] }), gpu({ index: 0, uuid: 'GPU-b0', holders: [{ namespace: 'ml', pod: 'x', container: 'c' }, { namespace: 'ml', pod: 'y', container: 'c' }] })] }),
      node('a', { gpus: [gpu({ simulated: true, utilizationPercent: 0, memoryUsed: '0', holders: [] })] }),
      node('c', { gpus: [], gpuProblem: { reason: 'NvidiaSmiTimeout', message: 'nvidia-smi did not answer in time' } }),
      node('d'),
    ];
    expect(gpuTable(metrics, false)).toEqual({
      table: [
        'NODE   INDEX   MODEL                   UTIL   MEMORY           SIMULATED   HOLDER',
        'a      0       NVIDIA H100 80GB HBM3   0%     0Mi/81920Mi      yes         -',
        'b      0       NVIDIA H100 80GB HBM3   80%    1024Mi/81920Mi   no          ml/x (c), ml/y (c)',
        'b      1       NVIDIA H100 80GB HBM3   80%    1024Mi/81920Mi   no          -',
        '',
      ].join('\n'),
      warnings: ['warning: node c: GPU use unknown (NvidiaSmiTimeout): nvidia-smi did not answer in time'],
    });
    expect(gpuTable([node('d')], true)).toEqual({ table: '', warnings: [] });
  });
});
