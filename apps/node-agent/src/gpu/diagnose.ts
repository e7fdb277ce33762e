/**
 * Turns the error text users actually see (from nvidia-smi, NVML inside a container, or the
 * Docker engine) into a stable reason and a message that says what to do. The patterns are the
 * ones in gpu.md's failure table; the first two were seen on the H100 the fixtures come from.
 */
import { problem } from './problems.ts';
import type { GpuProblem } from './types.ts';

const PATTERNS: { re: RegExp; make: (m: RegExpExecArray, text: string) => GpuProblem }[] = [
  {
    re: /Failed to initialize NVML: Driver\/library version mismatch/i,
    make: (_m, text) => {
      const lib = /NVML library version:\s*([\d.]+)/i.exec(text)?.[1];
      return problem('DriverLibraryVersionMismatch', `The NVIDIA user-space libraries${lib ? ` (${lib})` : ''} do not match the loaded kernel module: the driver was upgraded without a reboot. Compare /proc/driver/nvidia/version with the libnvidia-ml.so suffix; reboot (or reload the nvidia modules).`);
    },
  },
  {
    re: /Failed to initialize NVML: Unknown Error/i,
    make: () => problem('NvmlUnknownError', 'NVML could not open the GPU: the container lost its device-cgroup access (systemd daemon-reload with the NVIDIA hook path) or the /dev/nvidia* nodes were not passed. Restart the affected containers; if it comes back after daemon-reloads, move off the NVIDIA hook to the CDI or raw passthrough path.'),
  },
  {
    re: /Failed to initialize NVML: Insufficient Permissions/i,
    make: () => problem('NvmlInsufficientPermissions', 'NVML was denied access to /dev/nvidia*: check the device node permissions and that the agent runs as root.'),
  },
  {
    re: /couldn't communicate with the NVIDIA driver|NVIDIA driver is not loaded|No such file or directory.*nvidiactl/i,
    make: () => problem('DriverNotLoaded', 'nvidia-smi cannot reach the NVIDIA kernel driver: the module is not loaded (modprobe nvidia) or was built for another kernel (reinstall the driver / DKMS).'),
  },
  {
    re: /GPU is lost|has fallen off the bus|Unable to determine the device handle for GPU\s*([0-9A-Fa-f:.]+)?/i,
    make: (m) => problem('GpuLost', 'A GPU stopped answering (fallen off the bus, Xid 79): check dmesg; it needs a reset or a reboot.', m[1]),
  },
  {
    re: /could not select device driver "nvidia" with capabilities/i,
    make: () => problem('NvidiaRuntimeMissing', 'The Docker engine has no NVIDIA runtime, so DeviceRequests with driver "nvidia" fail: use the raw or CDI passthrough path (chosen from GET /info).'),
  },
  {
    re: /unsatisfied condition: (cuda\s*[<>=]+\s*[\d.]+)/i,
    make: (m) => problem('CudaVersionUnsatisfied', `The image requires ${m[1]} but the host driver supports less: update the driver or use an image built for an older CUDA.`),
  },
  {
    re: /No devices were found/i,
    make: () => problem('NoDevicesFound', 'The NVIDIA driver is loaded but sees no GPU: the card may be bound to another driver (vfio-pci), excluded, or not powered.'),
  },
];

export function diagnoseNvmlError(stderr: string): GpuProblem | undefined {
  for (const p of PATTERNS) {
    const m = p.re.exec(stderr);
    if (m) return p.make(m, stderr);
  }
  return undefined;
}
