/**
 * The Docker create-body fragments that give a container exactly its allocated GPUs, for each
 * passthrough path (see passthrough-mode.ts). Allocation is always by UUID: indices "can change
 * at each boot", and `Count: N` takes indices 0..N-1 whatever the scheduler chose.
 *
 * Every pod gets NVIDIA_VISIBLE_DEVICES: the UUIDs for GPU pods, `void` for all others,
 * because CUDA images bake in `all` and with nvidia as the default runtime that leaks every GPU.
 */
import type { PassthroughMode } from './passthrough-mode.ts';
import type { DriverLibs, GpuDevice, GpuInventory } from './types.ts';

export interface GpuContainerConfig {
  Env: string[];
  HostConfig: {
    DeviceRequests?: unknown[];
    Devices?: { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[];
    Binds?: string[];
  };
}

export interface GpuHost {
  driverLibs: DriverLibs;
  inv: GpuInventory;
  /** The image's Env, so PATH on the raw path extends the image's PATH instead of replacing it. */
  imageEnv?: string[];
  /** CDI names the engine listed (DiscoveredDevices IDs): used to fall back to index names. */
  cdiDeviceIds?: string[];
}

/** Where CUDA images expect the driver (their LD_LIBRARY_PATH and PATH already name these). */
export const NVIDIA_BIN = '/usr/local/nvidia/bin';
export const NVIDIA_LIB64 = '/usr/local/nvidia/lib64';
export const RAW_LD_LIBRARY_PATH = `${NVIDIA_LIB64}:/usr/local/nvidia/lib`;
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** nvidia-smi needs utility; CUDA needs compute. */
const CAPABILITIES = ['compute', 'utility'];
const CONTROL_NODES = ['nvidiactl', 'nvidia-uvm', 'nvidia-uvm-tools', 'nvidia-modeset'];

export function noGpuContainerConfig(): GpuContainerConfig {
  return { Env: ['NVIDIA_VISIBLE_DEVICES=void'], HostConfig: {} };
}

export function gpuContainerConfig(mode: PassthroughMode, devices: GpuDevice[], host: GpuHost): GpuContainerConfig {
  if (devices.length === 0) return noGpuContainerConfig();
  const uuids = devices.map((d) => d.uuid);
  const Env = [`NVIDIA_VISIBLE_DEVICES=${uuids.join(',')}`, `NVIDIA_DRIVER_CAPABILITIES=${CAPABILITIES.join(',')}`];
  switch (mode) {
    case 'cdi':
      return { Env, HostConfig: { DeviceRequests: [{ Driver: 'cdi', DeviceIDs: devices.map((d) => cdiName(d, host.cdiDeviceIds)) }] } };
    case 'nvidia-runtime':
      return { Env, HostConfig: { DeviceRequests: [{ Driver: 'nvidia', DeviceIDs: uuids, Capabilities: [['gpu', 'utility', 'compute']] }] } };
    case 'raw':
      return rawConfig(devices, host, Env);
    case 'env-only':
      return { Env, HostConfig: {} };
  }
}

/**
 * nvidia-ctk names each device by UUID (`nvidia.com/gpu=GPU-…`, `=MIG-…`) and by index
 * (`=0`, MIG `=0:1`). UUID names are preferred; index names only when the engine listed no UUID name.
 */
function cdiName(d: GpuDevice, listed: string[] | undefined): string {
  const byUuid = `nvidia.com/gpu=${d.uuid}`;
  if (!listed || listed.length === 0 || listed.includes(byUuid)) return byUuid;
  const byIndex = `nvidia.com/gpu=${d.type === 'mig' && d.mig ? `${d.mig.parentIndex}:${d.mig.deviceIndex}` : d.index}`;
  return listed.includes(byIndex) ? byIndex : byUuid;
}

function rawConfig(devices: GpuDevice[], host: GpuHost, env: string[]): GpuContainerConfig {
  const nodes = new Set<string>();
  for (const d of devices) {
    nodes.add(`/dev/nvidia${d.minor}`); // a MIG instance needs its parent's node too
    for (const cap of d.mig?.capDevices ?? []) nodes.add(cap);
  }
  const present = host.inv.deviceNodes;
  for (const n of CONTROL_NODES) {
    // nvidia-modeset only exists on some hosts; the others are required, but one that is known
    // to be missing would make the create fail, so it is left out (and reported as a condition).
    if (present ? present.includes(n) : n !== 'nvidia-modeset') nodes.add(`/dev/${n}`);
  }
  const Devices = [...nodes].map((p) => ({ PathOnHost: p, PathInContainer: p, CgroupPermissions: 'rwm' }));
  const Binds: string[] = [];
  if (host.driverLibs.smi) Binds.push(`${host.driverLibs.smi}:${NVIDIA_BIN}/nvidia-smi:ro`);
  for (const lib of host.driverLibs.libs) Binds.push(`${lib.hostPath}:${NVIDIA_LIB64}/${lib.name}:ro`);
  const ldPath = prepend(RAW_LD_LIBRARY_PATH, imageVar(host.imageEnv, 'LD_LIBRARY_PATH'));
  const path = prepend(NVIDIA_BIN, imageVar(host.imageEnv, 'PATH') ?? DEFAULT_PATH);
  return { Env: [...env, `LD_LIBRARY_PATH=${ldPath}`, `PATH=${path}`], HostConfig: { Devices, Binds } };
}

/** Container Env replaces the image's variable, so keep what the image had after ours. */
function prepend(ours: string, theirs: string | undefined): string {
  if (!theirs) return ours;
  const mine = ours.split(':');
  return [...mine, ...theirs.split(':').filter((p) => p && !mine.includes(p))].join(':');
}

function imageVar(env: string[] | undefined, name: string): string | undefined {
  return env?.find((e) => e.startsWith(`${name}=`))?.slice(name.length + 1);
}
