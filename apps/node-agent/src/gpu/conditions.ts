/**
 * Node conditions for the GPU stack, recomputed from the inventory each time (level-based):
 *   GPUDriverReady  the driver, NVML and the device nodes work (problems of scope "driver")
 *   GPUHealthy      every NVIDIA GPU on the node can be published (problems of scope "device")
 * A node with no NVIDIA hardware and nothing to report gets no GPU conditions at all.
 */
import { scopeOf } from './problems.ts';
import type { GpuInventory, GpuProblem } from './types.ts';

export interface NodeCondition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export function nodeGpuConditions(inv: GpuInventory): NodeCondition[] {
  const driver = inv.problems.filter((p) => scopeOf(p.reason) === 'driver');
  const device = inv.problems.filter((p) => scopeOf(p.reason) === 'device');
  if (inv.source === 'none' && driver.length === 0 && device.length === 0) return [];
  const published = inv.devices.filter((d) => d.healthy).length;
  const ready = driver.length === 0
    ? { type: 'GPUDriverReady', status: 'True' as const, reason: 'DriverReady', message: `NVIDIA driver ${inv.driverVersion ?? '(version unknown)'}${inv.cudaVersion ? `, CUDA ${inv.cudaVersion}` : ''}${inv.simulated ? ' (simulated)' : ''}` }
    : failing('GPUDriverReady', driver);
  const healthy = device.length === 0 && inv.devices.every((d) => d.healthy)
    ? { type: 'GPUHealthy', status: 'True' as const, reason: 'AllGPUsHealthy', message: `${published} GPU device(s) published` }
    : failing('GPUHealthy', device.length > 0 ? device : unhealthyAsProblems(inv));
  return [ready, healthy];
}

function failing(type: string, problems: GpuProblem[]): NodeCondition {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (+${problems.length - 1} more: ${[...new Set(problems.slice(1).map((p) => p.reason))].join(', ')})` : '';
  return { type, status: 'False', reason: first.reason, message: first.message + more };
}

function unhealthyAsProblems(inv: GpuInventory): GpuProblem[] {
  return inv.devices.filter((d) => !d.healthy).map((d) => ({ reason: d.problem ?? 'GpuUnhealthy', message: `GPU ${d.uuid} is unhealthy${d.problem ? `: ${d.problem}` : ''}`, device: d.uuid }));
}

/** Node capacity/allocatable `nvidia.com/gpu`: what the slice publishes, so both views agree. */
export function classicGpuCount(inv: GpuInventory): number {
  return inv.devices.filter((d) => d.healthy).length;
}
