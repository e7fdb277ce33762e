/**
 * The shapes GPU discovery hands to the rest of the node agent. Plain data only: the agent
 * publishes them (ResourceSlice, Node conditions) and turns them into Docker config.
 */

/** One allocatable GPU: a whole card, or one MIG instance that replaces its parent. */
export interface GpuDevice {
  uuid: string;
  /** nvidia-smi's index: may change at each boot, so allocate by uuid, never by index. */
  index: number;
  /** The /dev/nvidia<minor> node (for MIG, the parent's). */
  minor: number;
  name: string;
  brand?: string;
  architecture?: string;
  /** "9.0" as nvidia-smi prints it. */
  computeCapability?: string;
  memoryBytes: number;
  /** Normalised sysfs form: 0000:0b:00.0 (for MIG, the parent's). */
  pciBusId: string;
  type: 'gpu' | 'mig';
  parentUuid?: string;
  /** MIG profile name as nvidia-smi prints it, e.g. 1g.10gb. */
  migProfile?: string;
  healthy: boolean;
  /** Why the device is unhealthy (a GpuProblem reason). */
  problem?: string;
  /** MIG only: everything the slice and the raw passthrough path need about the instance. */
  mig?: MigDetails;
}

export interface MigDetails {
  parentIndex: number;
  /** Position of this instance in `nvidia-smi -L` under its parent ("MIG … Device N"). */
  deviceIndex: number;
  gpuInstanceId?: number;
  computeInstanceId?: number;
  profileId?: number;
  placementStart?: number;
  placementSize?: number;
  multiprocessors?: number;
  copyEngines?: number;
  decoders?: number;
  encoders?: number;
  jpegEngines?: number;
  ofaEngines?: number;
  /** /dev/nvidia-caps/nvidia-cap<m> for the GI and CI access capabilities (raw passthrough). */
  capDevices?: string[];
}

/** Something a person should know about; `reason` is stable CamelCase (see problems.ts). */
export interface GpuProblem {
  reason: string;
  message: string;
  /** UUID or PCI bus id of the device concerned, when there is one. */
  device?: string;
}

export interface GpuInventory {
  source: 'nvidia-smi' | 'sysfs' | 'capture' | 'simulated' | 'none';
  /** User-space driver version (NVML) or, from sysfs, the kernel module's. */
  driverVersion?: string;
  /** Highest CUDA version the driver supports. */
  cudaVersion?: string;
  /** MIG instances replace their parent. Unhealthy devices stay here but are not published. */
  devices: GpuDevice[];
  problems: GpuProblem[];
  simulated: boolean;
  /** Control nodes present under /dev (nvidiactl, nvidia-uvm, …); undefined when unknown. */
  deviceNodes?: string[];
}

/** Everything discovery does to the host goes through this, so captures can stand in for it. */
export interface ToolRunner {
  run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }>;
  readFile(path: string): Promise<string | undefined>;
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<string | undefined>;
}

/** Driver files to bind into containers on the raw passthrough path. */
export interface DriverLibs {
  /** Host path of nvidia-smi. */
  smi?: string;
  /** hostPath: the file to bind; name: the soname it goes in as (libcuda.so.1). */
  libs: { hostPath: string; name: string }[];
  problems?: GpuProblem[];
}
