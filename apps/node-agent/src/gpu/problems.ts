/**
 * Every reason discovery or passthrough can report, in one table: the code uses the constant,
 * nodeGpuConditions uses the scope, docs/gpu.md's troubleshooting table mirrors the text.
 * scope "driver": the node's GPU stack as a whole (GPUDriverReady); "device": one card
 * (GPUHealthy); "info": worth printing, changes no condition.
 */
import type { GpuProblem } from './types.ts';

export type ProblemScope = 'driver' | 'device' | 'info';

export const REASONS = {
  NvidiaSmiNotFound: 'info',
  NvidiaSmiTimeout: 'driver',
  NvidiaSmiFailed: 'driver',
  NvidiaSmiOutputUnparseable: 'driver',
  NvmlUnknownError: 'driver',
  NvmlInsufficientPermissions: 'driver',
  DriverNotLoaded: 'driver',
  DriverLibraryVersionMismatch: 'driver',
  NvidiaUvmMissing: 'driver',
  NoDevicesFound: 'driver',
  GpuLost: 'device',
  GpuRecoveryActionRequired: 'device',
  GpuXidError: 'device',
  GpuBoundToVfio: 'device',
  GpuBoundToNouveau: 'device',
  GpuNoDriver: 'device',
  GpuNotReportedByNvidiaSmi: 'device',
  MigModeChangePending: 'device',
  MigEnabledNoInstances: 'info',
  ComputeCapabilityUnknown: 'info',
  NvidiaRuntimeMissing: 'info',
  CudaVersionUnsatisfied: 'info',
  DriverLibsMissing: 'info',
} as const satisfies Record<string, ProblemScope>;

export type Reason = keyof typeof REASONS;

export function problem(reason: Reason, message: string, device?: string): GpuProblem {
  return device === undefined ? { reason, message } : { reason, message, device };
}

export function scopeOf(reason: string): ProblemScope {
  return (REASONS as Record<string, ProblemScope>)[reason] ?? 'info';
}
