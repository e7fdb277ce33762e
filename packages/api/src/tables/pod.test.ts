import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../meta.ts';
import { podColumns, podRow, podRowConditions } from './pod.ts';

const NOW = Date.parse('2026-01-02T15:04:05Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', creationTimestamp: ago(5 * 60_000), ...meta },
    spec: { containers: [{ name: 'main', image: 'nginx' }], ...spec },
    status,
  };
}
const running = { running: { startedAt: ago(60_000) } };
const readyCS = (extra: Record<string, unknown> = {}) => ({ name: 'main', ready: true, restartCount: 0, state: running, ...extra });

describe('pod columns', () => {
  it('match upstream names, types, priorities', () => {
    expect(podColumns.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ]);
  });
});

describe('podRow', () => {
  it('running pod, all cells', () => {
    const p = pod(
      { nodeName: 'n1', readinessGates: [{ conditionType: 'x/ready' }] },
      { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }], conditions: [{ type: 'x/ready', status: 'True' }], containerStatuses: [readyCS()] },
    );
    expect(podRow(p, NOW)).toEqual(['web-1', '1/1', 'Running', '0', '5m', '10.0.0.5', 'n1', '<none>', '1/1']);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, string, string]>([
    ['pending, nothing yet', {}, { phase: 'Pending' }, {}, '0/1', 'Pending'],
    ['status.reason overrides phase', {}, { phase: 'Failed', reason: 'Evicted' }, {}, '0/1', 'Evicted'],
    ['scheduling gated', {}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }, {}, '0/1', 'SchedulingGated'],
    ['waiting reason', {}, { phase: 'Pending', containerStatuses: [{ name: 'main', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }, {}, '0/1', 'ContainerCreating'],
    ['crashloop', {}, { phase: 'Running', containerStatuses: [{ name: 'main', ready: false, restartCount: 0, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, {}, '0/1', 'CrashLoopBackOff'],
    ['terminated with reason', {}, { phase: 'Succeeded', containerStatuses: [{ name: 'main', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, {}, '0/1', 'Completed'],
    ['terminated by signal', {}, { phase: 'Failed', containerStatuses: [{ name: 'main', state: { terminated: { exitCode: 137, signal: 9 } } }] }, {}, '0/1', 'Signal:9'],
    ['terminated exit code', {}, { phase: 'Failed', containerStatuses: [{ name: 'main', state: { terminated: { exitCode: 3 } } }] }, {}, '0/1', 'ExitCode:3'],
    [
      'completed sidecar-ish container with a running one, pod Ready',
      { containers: [{ name: 'a' }, { name: 'b' }] },
      { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [readyCS({ name: 'a' }), { name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
      {},
      '1/2',
      'Running',
    ],
    [
      'completed with a running one, pod not Ready',
      { containers: [{ name: 'a' }, { name: 'b' }] },
      { phase: 'Running', containerStatuses: [readyCS({ name: 'a' }), { name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
      {},
      '1/2',
      'NotReady',
    ],
    [
      'init container running',
      { initContainers: [{ name: 'i1' }, { name: 'i2' }] },
      { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 0 } } }, { name: 'i2', state: { running: {} } }] },
      {},
      '0/1',
      'Init:1/2',
    ],
    ['init waiting', { initContainers: [{ name: 'i1' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { waiting: { reason: 'ImagePullBackOff' } } }] }, {}, '0/1', 'Init:ImagePullBackOff'],
    ['init PodInitializing is not a reason', { initContainers: [{ name: 'i1' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { waiting: { reason: 'PodInitializing' } } }] }, {}, '0/1', 'Init:0/1'],
    ['init failed with code', { initContainers: [{ name: 'i1' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 2 } } }] }, {}, '0/1', 'Init:ExitCode:2'],
    ['init failed with signal', { initContainers: [{ name: 'i1' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 1, signal: 15 } } }] }, {}, '0/1', 'Init:Signal:15'],
    ['init failed with reason', { initContainers: [{ name: 'i1' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 1, reason: 'Error' } } }] }, {}, '0/1', 'Init:Error'],
    [
      'restartable init (sidecar) started counts toward ready and total',
      { initContainers: [{ name: 's', restartPolicy: 'Always' }] },
      { phase: 'Running', initContainerStatuses: [{ name: 's', started: true, ready: true, state: running }], containerStatuses: [readyCS()] },
      {},
      '2/2',
      'Running',
    ],
    ['terminating', {}, { phase: 'Running', containerStatuses: [readyCS()] }, { deletionTimestamp: ago(1000) }, '1/1', 'Terminating'],
    ['terminating but terminal phase keeps reason', {}, { phase: 'Succeeded' }, { deletionTimestamp: ago(1000) }, '0/1', 'Succeeded'],
    ['node lost', {}, { phase: 'Running', reason: 'NodeLost' }, { deletionTimestamp: ago(1000) }, '0/1', 'Unknown'],
  ])('%s', (_name, spec, status, meta, ready, want) => {
    const row = podRow(pod(spec, status, meta), NOW);
    expect(row[1]).toBe(ready);
    expect(row[2]).toBe(want);
  });

  it('restarts with time since last restart', () => {
    const p = pod({}, { phase: 'Running', containerStatuses: [readyCS({ restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: ago(5 * 60_000) } } })] });
    expect(podRow(p, NOW)[3]).toBe('2 (5m ago)');
    const noDate = pod({}, { phase: 'Running', containerStatuses: [readyCS({ restartCount: 3 })] });
    expect(podRow(noDate, NOW)[3]).toBe('3');
  });

  it('empty wide cells print <none>', () => {
    expect(podRow(pod({}, {}), NOW).slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
    expect(podRow(pod({}, {}, { creationTimestamp: undefined }), NOW)[4]).toBe('<unknown>');
  });

  it('row conditions', () => {
    expect(podRowConditions(pod({}, { phase: 'Succeeded' }))).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
    expect(podRowConditions(pod({}, { phase: 'Failed' }))?.[0]?.reason).toBe('Failed');
    expect(podRowConditions(pod({}, { phase: 'Running' }))).toBeUndefined();
  });
});
