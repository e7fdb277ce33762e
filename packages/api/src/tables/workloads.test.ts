import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../meta.ts';
import { deploymentColumns, deploymentRow } from './deployment.ts';
import { jobColumns, jobRow } from './job.ts';
import { replicasetColumns, replicasetRow } from './replicaset.ts';

const NOW = Date.parse('2026-01-02T15:04:05Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const obj = (kind: string, spec: unknown, status: unknown = {}, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name: 'demo', creationTimestamp: ago(3 * 86_400_000 + 4 * 3_600_000), ...meta },
  spec,
  status,
});
const template = { spec: { containers: [{ name: 'main', image: 'nginx:1' }, { name: 'side', image: 'busybox' }] } };
const shape = (cols: { name: string; type: string; priority: number }[]) => cols.map((c) => `${c.name}:${c.type}:${c.priority}`);

describe('deployment', () => {
  it('columns', () => {
    expect(shape(deploymentColumns)).toEqual([
      'Name:string:0', 'Ready:string:0', 'Up-to-date:string:0', 'Available:string:0', 'Age:string:0',
      'Containers:string:1', 'Images:string:1', 'Selector:string:1',
    ]);
  });
  it.each([
    [{ replicas: 3, selector: { matchLabels: { app: 'demo' } }, template }, { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
      ['demo', '2/3', 3, 2, '3d4h', 'main,side', 'nginx:1,busybox', 'app=demo']],
    [{ selector: {}, template: { spec: {} } }, {}, ['demo', '0/0', 0, 0, '3d4h', '', '', '']],
    [{ selector: { matchExpressions: [{ key: 'a', operator: 'Bad' }] } }, {}, ['demo', '0/0', 0, 0, '3d4h', '', '', '<invalid>']],
  ])('row %#', (spec, status, want) => {
    expect(deploymentRow(obj('Deployment', spec, status), NOW)).toEqual(want);
  });
});

describe('replicaset', () => {
  it('columns', () => {
    expect(shape(replicasetColumns)).toEqual([
      'Name:string:0', 'Desired:integer:0', 'Current:integer:0', 'Ready:integer:0', 'Age:string:0',
      'Containers:string:1', 'Images:string:1', 'Selector:string:1',
    ]);
  });
  it('row', () => {
    const rs = obj('ReplicaSet', { replicas: 2, selector: { matchLabels: { app: 'demo', 'pod-template-hash': 'abc' } }, template }, { replicas: 2, readyReplicas: 1 });
    expect(replicasetRow(rs, NOW)).toEqual(['demo', 2, 2, 1, '3d4h', 'main,side', 'nginx:1,busybox', 'app=demo,pod-template-hash=abc']);
    expect(replicasetRow(obj('ReplicaSet', {}), NOW)[7]).toBe('<none>');
  });
});

describe('job', () => {
  it('columns', () => {
    expect(shape(jobColumns)).toEqual([
      'Name:string:0', 'Status:string:0', 'Completions:string:0', 'Duration:string:0', 'Age:string:0',
      'Containers:string:1', 'Images:string:1', 'Selector:string:1',
    ]);
  });
  const cond = (type: string, status = 'True') => ({ conditions: [{ type, status }] });
  it.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, string, string, string]>([
    ['running, completions set', { completions: 3 }, { succeeded: 1, startTime: ago(200_000) }, {}, 'Running', '1/3', '3m20s'],
    ['complete', { completions: 1 }, { succeeded: 1, startTime: ago(100_000), completionTime: ago(58_000), ...cond('Complete') }, {}, 'Complete', '1/1', '42s'],
    ['failed', {}, { ...cond('Failed'), startTime: ago(10_000) }, {}, 'Failed', '0/1', '10s'],
    ['parallel without completions', { parallelism: 4 }, { succeeded: 2 }, {}, 'Running', '2/1 of 4', ''],
    ['suspended', { completions: 2 }, cond('Suspended'), {}, 'Suspended', '0/2', ''],
    ['failure target', {}, cond('FailureTarget'), {}, 'FailureTarget', '0/1', ''],
    ['terminating', {}, cond('Suspended'), { deletionTimestamp: ago(1) }, 'Terminating', '0/1', ''],
    ['false condition ignored', {}, cond('Complete', 'False'), {}, 'Running', '0/1', ''],
  ])('%s', (_n, spec, status, meta, st, completions, duration) => {
    const row = jobRow(obj('Job', { template, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } }, ...spec }, status, meta), NOW);
    expect(row.slice(1, 4)).toEqual([st, completions, duration]);
    expect(row[7]).toBe('batch.kubernetes.io/controller-uid=u');
  });
});
