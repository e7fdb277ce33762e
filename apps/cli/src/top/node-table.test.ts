/** kubectl's top-node arithmetic at the edges the end-to-end comparison does not reach. */
import type { Node, NodeMetrics } from '@skiff/api';
import { describe, expect, it } from 'vitest';
import { nodeTable } from './node-table.ts';

const m = (name: string, cpu: string, memory: string): NodeMetrics => ({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name }, timestamp: '', window: '10s', usage: { cpu, memory } });
const n = (name: string, allocatable: Record<string, string>): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { allocatable } }) as Node;
const opts = { noHeaders: true, sortBy: undefined, showCapacity: false } as const;
/** Cells per line (alignment itself is compared with kubectl's byte for byte in commands/top.test.ts). */
const cells = (text: string): string[][] => text.split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/));

describe('nodeTable', () => {
  it('CPU rounds up to a millicore, memory down to a MiB, percentages truncate', () => {
    expect(cells(nodeTable([m('a', '1000001n', '1048575')], [n('a', { cpu: '3', memory: '1Gi' })], opts))).toEqual([['a', '2m', '0%', '0Mi', '0%']]);
    expect(cells(nodeTable([m('a', '2999m', '1023Mi')], [n('a', { cpu: '3', memory: '1Gi' })], opts))).toEqual([['a', '2999m', '99%', '1023Mi', '99%']]);
  });

  it('a node missing from the Node list, or without a resource, gets no percentage (kubectl shifts the row)', () => {
    expect(cells(nodeTable([m('a', '1', '1Gi'), m('b', '1', '1Gi')], [n('b', { cpu: '2' })], opts))).toEqual([['a', '1000m', '1024Mi'], ['b', '1000m', '50%', '1024Mi']]);
  });

  it('zero allocatable prints what Go\'s int64(±Inf/NaN) gives on amd64', () => {
    expect(cells(nodeTable([m('a', '1', '0')], [n('a', { cpu: '0', memory: '0' })], opts))).toEqual([['a', '1000m', '-9223372036854775808%', '0Mi', '-9223372036854775808%']]);
  });

  it('no metrics, no output (the caller says "metrics not available yet")', () => {
    expect(nodeTable([], [n('a', {})], opts)).toBe('');
  });
});
