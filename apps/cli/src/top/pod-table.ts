/**
 * `skiff top pods` as kubectl 1.32 prints `top pod` (PrintPodMetrics): [NAMESPACE with -A]
 * [POD with --containers] NAME CPU(cores) MEMORY(bytes), a pod's usage the exact sum of its
 * containers', sorted by (namespace,) name or --sort-by cpu|memory (descending), containers
 * by the same key, and with --sum kubectl's `________` line and the totals. The GPU columns
 * (the GPUs each pod or container holds) follow when any of them holds one.
 */
import type { ContainerMetrics, GpuUsage, PodMetrics } from '@skiff/api';
import { alignRows } from '../printers/tabwriter.ts';
import { GPU_HEADERS, gpuCells } from './gpu-cells.ts';
import type { SortBy } from './node-table.ts';
import { cpuCell, memoryCell, sumUsage, usageOf, type Usage } from './quantities.ts';

export interface PodTableOptions {
  noHeaders: boolean;
  sortBy: SortBy;
  allNamespaces: boolean;
  containers: boolean;
  sum: boolean;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function byUsage(sortBy: SortBy, a: Usage[], b: Usage[]): number {
  const key = (u: Usage[]): bigint => (sortBy === 'cpu' ? sumUsage(u, 'cpu').toMilliBigInt() : sumUsage(u, 'memory').valueBigInt());
  const [x, y] = [key(a), key(b)];
  return x > y ? -1 : x < y ? 1 : 0;
}

function sortPods(items: PodMetrics[], o: PodTableOptions): PodMetrics[] {
  return [...items].sort((a, b) => {
    if (o.sortBy) return byUsage(o.sortBy, a.containers.map((c) => c.usage), b.containers.map((c) => c.usage));
    if (o.allNamespaces && a.metadata.namespace !== b.metadata.namespace) return cmp(a.metadata.namespace ?? '', b.metadata.namespace ?? '');
    return cmp(a.metadata.name ?? '', b.metadata.name ?? '');
  });
}

function sortContainers(cs: ContainerMetrics[], sortBy: SortBy): ContainerMetrics[] {
  return [...cs].sort((a, b) => (sortBy ? byUsage(sortBy, [a.usage], [b.usage]) : cmp(a.name, b.name)));
}

/** The distinct GPUs a set of containers holds. */
function heldGpus(cs: ContainerMetrics[]): GpuUsage[] {
  const out = new Map<string, GpuUsage>();
  for (const c of cs) for (const g of c.gpus ?? []) out.set(g.uuid, g);
  return [...out.values()];
}

export function podTable(metrics: PodMetrics[], o: PodTableOptions): string {
  if (!metrics.length) return '';
  const gpus = metrics.some((m) => heldGpus(m.containers).length > 0);
  const extra = (cs: ContainerMetrics[]): string[] => (gpus ? gpuCells(heldGpus(cs)) : []);
  const rows: string[][] = [];
  if (!o.noHeaders) rows.push([...(o.allNamespaces ? ['NAMESPACE'] : []), ...(o.containers ? ['POD'] : []), 'NAME', 'CPU(cores)', 'MEMORY(bytes)', ...(gpus ? GPU_HEADERS : []), '']);
  const ns = (m: PodMetrics): string[] => (o.allNamespaces ? [m.metadata.namespace ?? ''] : []);
  const sorted = sortPods(metrics, o);
  for (const m of sorted) {
    if (o.containers) {
      for (const c of sortContainers(m.containers, o.sortBy)) {
        rows.push([...ns(m), m.metadata.name ?? '', c.name, cpuCell(usageOf(c.usage, 'cpu')), memoryCell(usageOf(c.usage, 'memory')), ...extra([c]), '']);
      }
    } else {
      const usages = m.containers.map((c) => c.usage);
      rows.push([...ns(m), m.metadata.name ?? '', cpuCell(sumUsage(usages, 'cpu')), memoryCell(sumUsage(usages, 'memory')), ...extra(m.containers), '']);
    }
  }
  if (o.sum) {
    // kubectl pads with empty cells so the totals sit under CPU and MEMORY, counting the
    // NAMESPACE and POD columns only while printing headers: with --no-headers they slip left.
    const width = 3 + (o.noHeaders ? 0 : (o.allNamespaces ? 1 : 0) + (o.containers ? 1 : 0));
    const all = sorted.flatMap((m) => m.containers);
    const usages = all.map((c) => c.usage);
    rows.push([...Array<string>(width - 2).fill(''), '________', '________', ...(gpus ? ['', '', ''] : []), '']);
    rows.push([...Array<string>(width - 3).fill(''), '', cpuCell(sumUsage(usages, 'cpu')), memoryCell(sumUsage(usages, 'memory')), ...(gpus ? ['', '', ''] : []), '']);
  }
  return alignRows(rows);
}
