/**
 * GPU support for the node agent: find the NVIDIA GPUs (nvidia-smi, falling back to sysfs),
 * publish them as a resource.k8s.io/v1 ResourceSlice (driver gpu.nvidia.com, the shape of
 * NVIDIA's DRA driver) plus Node conditions, and give each container exactly its allocated
 * GPUs by UUID through the best passthrough path the Docker engine offers. Nothing here
 * throws for a broken GPU setup: problems are data (GpuProblem, stable reasons). docs/gpu.md.
 */
export type { DriverLibs, GpuDevice, GpuInventory, GpuProblem, MigDetails, ToolRunner } from './types.ts';
export { hostRunner } from './host-runner.ts';
export { captureRunner } from './capture-runner.ts';
export { discoverGpus, type DiscoverOptions } from './discover.ts';
export { loadSimulatedGpus } from './simulate.ts';
export { resourceSliceFor, deviceName, toSemver, GPU_DRIVER } from './slice.ts';
export { passthroughModeFromDockerInfo, findNvidiaCdiSpec, cdiSpecDirs, type PassthroughMode, type PassthroughOptions } from './passthrough-mode.ts';
export { gpuContainerConfig, noGpuContainerConfig, type GpuContainerConfig, type GpuHost } from './container-config.ts';
export { findDriverLibs } from './driver-libs.ts';
export { checkImageCudaRequirement } from './cuda-require.ts';
export { diagnoseNvmlError } from './diagnose.ts';
export { nodeGpuConditions, classicGpuCount, type NodeCondition } from './conditions.ts';
export { REASONS, type Reason } from './problems.ts';
export { normalisePciBusId } from './pci.ts';
export { discoverCommand, type DiscoverIO } from './discover-command.ts';
export { GpuHealthMonitor, diffInventories, type GpuHealthChange } from './health-monitor.ts';
export { parseXids, isCriticalXid, type XidEvent } from './xid.ts';
