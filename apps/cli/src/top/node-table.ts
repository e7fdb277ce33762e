/**
 * `skiff top nodes` as kubectl 1.32 prints `top node` (PrintNodeMetrics): NAME, CPU(cores),
 * CPU(%), MEMORY(bytes), MEMORY(%) of allocatable (capacity with --show-capacity), every cell
 * tab-terminated (so the last one is padded too), sorted by name or by --sort-by cpu|memory
 * (descending), then the Nodes without metrics with `<unknown>`s. kubectl lists those in Go
 * map order (random); here they come by name. The GPU columns follow when a node has GPUs.
 */
import type { Node, NodeMetrics } from '@skiff/api';
import { alignRows } from '../printers/tabwriter.ts';
import { anyGpus, GPU_HEADERS, gpuCells, UNKNOWN } from './gpu-cells.ts';
import { cpuCell, memoryCell, percentCell, usageOf } from './quantities.ts';

export type SortBy = 'cpu' | 'memory' | undefined;

export interface NodeTableOptions {
  noHeaders: boolean;
  sortBy: SortBy;
  showCapacity: boolean;
}

const RESOURCES = ['cpu', 'memory'] as const;

/** Go's sort: descending by usage for cpu/memory, else by name (stable here; Go's is for ≤ 12 rows). */
export function sortNodeMetrics<T extends Pick<NodeMetrics, 'metadata' | 'usage'>>(items: T[], sortBy: SortBy): T[] {
  const key = (m: T): bigint => (sortBy === 'cpu' ? usageOf(m.usage, 'cpu').toMilliBigInt() : usageOf(m.usage, 'memory').valueBigInt());
  return [...items].sort((a, b) => {
    if (sortBy) return key(a) > key(b) ? -1 : key(a) < key(b) ? 1 : 0;
    const x = a.metadata.name ?? '';
    const y = b.metadata.name ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

export function nodeTable(metrics: NodeMetrics[], nodes: Node[], o: NodeTableOptions): string {
  if (!metrics.length) return '';
  const available = new Map(nodes.map((n) => [n.metadata.name ?? '', (o.showCapacity ? n.status?.capacity : n.status?.allocatable) ?? {}]));
  const gpus = anyGpus(metrics);
  const rows: string[][] = [];
  if (!o.noHeaders) rows.push(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)', ...(gpus ? GPU_HEADERS : []), '']);
  const seen = new Set<string>();
  for (const m of sortNodeMetrics(metrics, o.sortBy)) {
    const name = m.metadata.name ?? '';
    const avail = available.get(name);
    const cells = [name];
    for (const r of RESOURCES) {
      const used = usageOf(m.usage, r);
      cells.push(r === 'cpu' ? cpuCell(used) : memoryCell(used));
      // A Node missing from the list (or without the resource) gets no percentage, as in kubectl.
      const a = avail?.[r];
      if (a !== undefined) cells.push(percentCell(used, usageOf(avail, r)));
    }
    rows.push([...cells, ...(gpus ? gpuCells(m.gpus, m.gpuProblem) : []), '']);
    seen.add(name);
  }
  const missing = [...available.keys()].filter((n) => !seen.has(n)).sort();
  for (const n of missing) rows.push([n, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, ...(gpus ? [UNKNOWN, UNKNOWN, UNKNOWN] : []), '']);
  return alignRows(rows);
}
