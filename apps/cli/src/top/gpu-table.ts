/**
 * `skiff top nodes --gpus`: one row per GPU of every node that reports them — node, index,
 * model, utilisation, device memory used/total, whether it is simulated, and the containers
 * holding it (`namespace/pod (container)`). Rows by node, then index. Nodes that could not
 * read their GPUs are returned as warnings, not rows.
 */
import type { NodeMetrics } from '@skiff/api';
import { parseQuantity } from '@skiff/api';
import { alignRows } from '../printers/tabwriter.ts';
import { UNKNOWN } from './gpu-cells.ts';

const mi = (q: string | undefined): string => (q === undefined ? '?' : `${parseQuantity(q).valueBigInt() / 1_048_576n}Mi`);

export function gpuTable(metrics: NodeMetrics[], noHeaders: boolean): { table: string; warnings: string[] } {
  const rows: string[][] = noHeaders ? [] : [['NODE', 'INDEX', 'MODEL', 'UTIL', 'MEMORY', 'SIMULATED', 'HOLDER']];
  const warnings: string[] = [];
  const byName = [...metrics].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  for (const m of byName) {
    const node = m.metadata.name ?? '';
    if (m.gpuProblem) warnings.push(`warning: node ${node}: GPU use unknown (${m.gpuProblem.reason}): ${m.gpuProblem.message}`);
    for (const g of [...(m.gpus ?? [])].sort((a, b) => a.index - b.index)) {
      const memory = g.memoryUsed === undefined && g.memoryTotal === undefined ? UNKNOWN : `${mi(g.memoryUsed)}/${mi(g.memoryTotal)}`;
      const holders = (g.holders ?? []).map((h) => `${h.namespace}/${h.pod} (${h.container})`);
      rows.push([node, String(g.index), g.model, g.utilizationPercent === undefined ? UNKNOWN : `${g.utilizationPercent}%`, memory, g.simulated ? 'yes' : 'no', holders.length ? holders.join(', ') : '-']);
    }
  }
  return { table: rows.length > (noHeaders ? 0 : 1) ? alignRows(rows) : '', warnings };
}
