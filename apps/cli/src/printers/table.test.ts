import { describe, expect, it } from 'vitest';
import { formatLabels, headerCells, rowCells, type TableColumnDefinition } from './table.ts';

const columns: TableColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', priority: 0 },
  { name: 'Ready', type: 'string', priority: 0 },
  { name: 'Nominated Node', type: 'string', priority: 1 },
];
const row = { cells: ['web', '1/1', '<none>'], object: { metadata: { namespace: 'ns1', labels: { b: '2', a: '1' } } } };

describe('table printer', () => {
  it('uppercases headers and hides wide columns', () => {
    expect(headerCells(columns, {})).toEqual(['NAME', 'READY']);
    expect(headerCells(columns, { wide: true })).toEqual(['NAME', 'READY', 'NOMINATED NODE']);
  });

  it('adds NAMESPACE first, LABELS last and the kind prefix on the name', () => {
    const o = { withNamespace: true, showLabels: true, kind: 'pod' };
    expect(headerCells(columns, o)).toEqual(['NAMESPACE', 'NAME', 'READY', 'LABELS']);
    expect(rowCells(columns, row, o)).toEqual(['ns1', 'pod/web', '1/1', 'a=1,b=2']);
  });

  it('formats labels like labels.FormatLabels', () => {
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels({ z: '1', app: 'x' })).toBe('app=x,z=1');
  });
});
