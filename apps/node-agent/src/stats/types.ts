/**
 * What `GET /stats/resource` answers: the agent's latest resource sample, rates already
 * computed (the api-server's metrics.k8s.io turns it into NodeMetrics and PodMetrics, see
 * apps/api-server/src/routes/metrics/agent-stats.ts, which reads exactly these fields).
 * CPU is in nanocores (1e9 = one core busy), memory in bytes, times RFC 3339.
 *
 * A part that cannot be measured yet is absent rather than zero: `node` until two host
 * readings exist, a pod until every one of its running containers has two readings.
 */

export interface ResourceStats {
  nodeName: string;
  node?: NodeUse | undefined;
  pods: PodUse[];
  gpus: GpuStats;
}

/** Rates over the window that ends at `timestamp`. */
export interface Window {
  timestamp: string;
  windowSeconds: number;
}

export interface NodeUse extends Window {
  cpuUsageNanoCores: number;
  memoryWorkingSetBytes: number;
}

export interface PodUse extends Window {
  namespace: string;
  name: string;
  uid: string;
  containers: ContainerUse[];
}

export interface ContainerUse {
  name: string;
  cpuUsageNanoCores: number;
  memoryWorkingSetBytes: number;
  /** UUIDs of the GPUs (rows of `gpus.devices`) this container holds. */
  gpus: string[];
}

export interface GpuStats {
  /** `none`: no GPU on this node; `simulated`: --simulate-gpus, nothing is measured. */
  source: 'nvidia-smi' | 'simulated' | 'none';
  /** When nvidia-smi answered (absent before its first answer, and for simulated GPUs). */
  readAt?: string | undefined;
  /** Why the last reading failed (stable reason, as GPU discovery's); the devices are then empty. */
  problem?: { reason: string; message: string } | undefined;
  devices: GpuUse[];
}

/** One physical GPU as nvidia-smi reports it (a MIG instance's holders count for its parent). */
export interface GpuUse {
  uuid: string;
  index: number;
  name: string;
  /** Percent of the last sample period a kernel ran; absent where the driver says N/A (MIG). */
  utilizationPercent?: number | undefined;
  memoryUsedBytes?: number | undefined;
  memoryTotalBytes?: number | undefined;
  /** A --simulate-gpus device: the zeros are the truth (nothing runs on it), not a measurement. */
  simulated: boolean;
  holders: GpuHolderRef[];
}

export interface GpuHolderRef {
  namespace: string;
  pod: string;
  container: string;
}
