/**
 * The GPU columns `skiff top` adds after kubectl's: GPUS (how many), GPU(util) (mean
 * utilisation of those with a reading) and GPU-MEM (used/total device memory, summed). They
 * appear only when some node reports GPUs, so on a GPU-less cluster the output is kubectl's
 * byte for byte. Simulated GPUs say so instead of showing a reading; a node that could not
 * read its GPUs shows `<unknown>`, as kubectl does for a node without metrics.
 */
import type { GpuUsage, NodeMetrics } from '@skiff/api';
import { parseQuantity } from '@skiff/api';

export const GPU_HEADERS = ['GPUS', 'GPU(util)', 'GPU-MEM'];
export const UNKNOWN = '<unknown>';

const mi = (q: string): bigint => parseQuantity(q).valueBigInt() / 1_048_576n;

export function gpuCells(gpus: GpuUsage[] | undefined, problem?: NodeMetrics['gpuProblem']): string[] {
  if (problem) return [UNKNOWN, UNKNOWN, UNKNOWN];
  if (!gpus?.length) return ['0', '-', '-'];
  const read = gpus.filter((g) => g.utilizationPercent !== undefined);
  const util = gpus.every((g) => g.simulated)
    ? 'simulated'
    : read.length
      ? `${Math.round(read.reduce((s, g) => s + g.utilizationPercent!, 0) / read.length)}%`
      : UNKNOWN;
  const known = gpus.every((g) => g.memoryUsed !== undefined && g.memoryTotal !== undefined);
  const mem = known ? `${gpus.reduce((s, g) => s + mi(g.memoryUsed!), 0n)}Mi/${gpus.reduce((s, g) => s + mi(g.memoryTotal!), 0n)}Mi` : UNKNOWN;
  return [String(gpus.length), util, mem];
}

/** Whether any node in the answer reports GPUs (or failed to read them). */
export function anyGpus(metrics: Array<Pick<NodeMetrics, 'gpus' | 'gpuProblem'>>): boolean {
  return metrics.some((m) => (m.gpus?.length ?? 0) > 0 || m.gpuProblem !== undefined);
}
