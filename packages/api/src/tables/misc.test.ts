import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../meta.ts';
import { defaultColumns, defaultRow } from './default.ts';
import { endpointsliceRow } from './endpointslice.ts';
import { buildTable, leaseRow, poddisruptionbudgetRow, podColumns, podRow, podRowConditions, printerFor, priorityclassColumns, priorityclassRow, resourceclaimRow, resourcesliceRow, deviceclassRow, resourceclaimtemplateRow, podgroupRow, workloadRow } from './index.ts';

const NOW = Date.parse('2026-01-02T15:04:05Z');
const o = (kind: string, rest: Record<string, unknown>, m: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name: 'x', namespace: 'ns', labels: { a: 'b' }, creationTimestamp: '2026-01-02T15:00:00Z', ...m },
  ...rest,
});

describe('small printers', () => {
  it('endpointslice', () => {
    const es = o('EndpointSlice', {
      addressType: 'IPv4',
      ports: [{ port: 80, name: 'http' }, { name: 'metrics' }, {}, { port: 9 }],
      endpoints: [{ addresses: ['10.0.0.1', '10.0.0.2'] }, { addresses: ['10.0.0.3', '10.0.0.4', '10.0.0.5'] }],
    });
    expect(endpointsliceRow(es, NOW)).toEqual(['x', 'IPv4', '80,metrics,* + 1 more...', '10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...', '4m5s']);
    expect(endpointsliceRow(o('EndpointSlice', { addressType: 'IPv4' }), NOW)).toEqual(['x', 'IPv4', '<unset>', '<unset>', '4m5s']);
  });
  it('lease', () => {
    expect(leaseRow(o('Lease', { spec: { holderIdentity: 'node-1' } }), NOW)).toEqual(['x', 'node-1', '4m5s']);
    expect(leaseRow(o('Lease', { spec: {} }), NOW)).toEqual(['x', '', '4m5s']);
  });
  it.each<[Record<string, unknown>, Record<string, unknown>, string]>([
    [{}, {}, 'pending'],
    [{ allocation: { devices: {} } }, {}, 'allocated'],
    [{ allocation: { devices: {} }, reservedFor: [{ resource: 'pods', name: 'p', uid: 'u' }] }, {}, 'allocated,reserved'],
    [{}, { deletionTimestamp: '2026-01-02T15:04:00Z' }, 'deleted'],
    [{ allocation: {} }, { deletionTimestamp: '2026-01-02T15:04:00Z' }, 'deleted,allocated'],
  ])('resourceclaim state %#', (status, meta, want) => {
    expect(resourceclaimRow(o('ResourceClaim', { status }, meta), NOW)).toEqual(['x', want, '4m5s']);
  });
  it('resourceslice, deviceclass, template, podgroup, workload', () => {
    expect(resourcesliceRow(o('ResourceSlice', { spec: { nodeName: 'n1', driver: 'gpu.nvidia.com', pool: { name: 'n1', generation: 1 } } }), NOW)).toEqual(['x', 'n1', 'gpu.nvidia.com', 'n1', '4m5s']);
    expect(resourcesliceRow(o('ResourceSlice', { spec: { allNodes: true, driver: 'd', pool: { name: 'p' } } }), NOW)).toEqual(['x', '', 'd', 'p', '4m5s']);
    for (const row of [deviceclassRow, resourceclaimtemplateRow, podgroupRow, workloadRow]) expect(row(o('K', {}), NOW)).toEqual(['x', '4m5s']);
  });
  it('priorityclass', () => {
    expect(priorityclassColumns.map((c) => `${c.name}:${c.type}:${c.priority}`)).toEqual(['Name:string:0', 'Value:integer:0', 'Global-Default:boolean:0', 'Age:string:0', 'PreemptionPolicy:string:0']);
    expect(priorityclassRow(o('PriorityClass', { value: 1000, preemptionPolicy: 'Never' }), NOW)).toEqual(['x', 1000, false, '4m5s', 'Never']);
  });
  it('pdb', () => {
    expect(poddisruptionbudgetRow(o('PodDisruptionBudget', { spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } }), NOW)).toEqual(['x', '2', 'N/A', 1, '4m5s']);
    expect(poddisruptionbudgetRow(o('PodDisruptionBudget', { spec: { maxUnavailable: '50%' } }), NOW)).toEqual(['x', 'N/A', '50%', 0, '4m5s']);
  });
  it('default (CRD) printer', () => {
    expect(defaultColumns.map((c) => `${c.name}:${c.type}:${c.format}`)).toEqual(['Name:string:name', 'Created At:date:']);
    expect(defaultRow(o('Foo', {}), NOW)).toEqual(['x', '2026-01-02T15:00:00Z']);
    expect(printerFor('Foo').columns).toBe(defaultColumns);
    expect(printerFor('Pod').columns).toBe(podColumns);
  });
});

describe('buildTable', () => {
  const pods = [o('Pod', { spec: { containers: [{ name: 'c' }] }, status: { phase: 'Succeeded' } }, { name: 'p1' })];
  it('metadata rows by default, with row conditions', () => {
    const t = buildTable(podColumns, pods, podRow, NOW, { resourceVersion: '104', conditions: podRowConditions });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: '104' });
    expect(t.columnDefinitions).toBe(podColumns);
    expect(t.rows[0]?.cells.slice(0, 3)).toEqual(['p1', '0/1', 'Succeeded']);
    expect(t.rows[0]?.conditions?.[0]?.type).toBe('Completed');
    expect(t.rows[0]?.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pods[0]?.metadata });
  });
  it('watch events after the first omit headers; includeObject None/Object; continue', () => {
    const t = buildTable(podColumns, pods, podRow, NOW, { noHeaders: true, includeObject: 'None', continue: 'tok', resourceVersion: '5' });
    expect('columnDefinitions' in t).toBe(false);
    expect('object' in (t.rows[0] ?? {})).toBe(false);
    expect(t.metadata).toEqual({ resourceVersion: '5', continue: 'tok' });
    expect(buildTable(podColumns, pods, podRow, NOW, { includeObject: 'Object' }).rows[0]?.object).toBe(pods[0]);
    expect(JSON.parse(JSON.stringify(buildTable(podColumns, [], podRow, NOW))).rows).toEqual([]);
  });
});
