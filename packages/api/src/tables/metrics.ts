/**
 * NodeMetrics / PodMetrics printers as metrics-server's ConvertToTable: Name, one quantity
 * column per resource (cpu, memory), Window. A pod's usage is the sum of its containers'.
 * (metrics-server builds the resource columns from the first item's keys; every Skiff sample
 * has exactly cpu and memory, so they are fixed here.)
 */
import type { KubeObject } from '../meta.ts';
import { addQuantities, formatQuantity } from '../quantity.ts';
import type { TableColumn } from '../resource-type.ts';
import { nameColumn } from './common.ts';

const RESOURCES = ['cpu', 'memory'];

export const metricsColumns: TableColumn[] = [
  { ...nameColumn(), description: 'Name of the resource' },
  ...RESOURCES.map((name): TableColumn => ({ name, type: 'string', format: 'quantity', description: '', priority: 0 })),
  { name: 'Window', type: 'string', format: 'duration', description: '', priority: 0 },
];

type Usage = Record<string, string | undefined>;

function cells(usage: (name: string) => string): string[] {
  return RESOURCES.map(usage);
}

export function nodeMetricsRow(obj: KubeObject): unknown[] {
  const o = obj as KubeObject & { usage?: Usage; window?: string };
  return [obj.metadata?.name ?? '', ...cells((r) => o.usage?.[r] ?? '0'), o.window ?? ''];
}

export function podMetricsRow(obj: KubeObject): unknown[] {
  const o = obj as KubeObject & { containers?: { usage?: Usage }[]; window?: string };
  const sum = (r: string): string => formatQuantity(addQuantities(...(o.containers ?? []).map((c) => c.usage?.[r] ?? '0'), '0'));
  return [obj.metadata?.name ?? '', ...cells(sum), o.window ?? ''];
}
