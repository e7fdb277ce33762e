/**
 * The NVIDIA side of a machine, through the node agent's own GPU module, so `doctor` sees
 * exactly what the agent will: discovery (nvidia-smi, sysfs, /proc, /dev), the kernel
 * module's version, the passthrough path chosen from the engine's GET /info, and on the raw
 * path the driver files it would bind. Fix texts follow docs/gpu.md's troubleshooting table.
 */
import type { DriverLibs, GpuInventory, PassthroughMode, ToolRunner } from '../../../node-agent/src/gpu/index.ts';
import { cdiSpecDirs, discoverGpus, findDriverLibs, findNvidiaCdiSpec, passthroughModeFromDockerInfo } from '../../../node-agent/src/gpu/index.ts';
import { parseKernelModuleVersion } from '../../../node-agent/src/gpu/smi-text.ts';
import { fail, ok, warn, type Check } from './check.ts';

export interface GpuFacts {
  inv: GpuInventory;
  mode?: PassthroughMode;
  driverLibs: DriverLibs;
}

const problem = (inv: GpuInventory, ...reasons: string[]) => inv.problems.find((p) => reasons.includes(p.reason));

function gpusCheck(inv: GpuInventory): Check {
  const healthy = inv.devices.filter((d) => d.healthy);
  const sick = inv.devices.filter((d) => !d.healthy);
  const deviceProblems = inv.problems.filter((p) => /^Gpu|^Mig/.test(p.reason));
  const names = [...new Set(healthy.map((d) => d.name))].map((n) => `${healthy.filter((d) => d.name === n).length} × ${n}`).join(', ');
  if (sick.length || deviceProblems.length) {
    const first = deviceProblems[0] ?? { reason: sick[0]!.problem ?? 'GpuUnhealthy', message: `GPU ${sick[0]!.uuid} is unhealthy` };
    return warn('NVIDIA GPUs', `${healthy.length} usable${names ? ` (${names})` : ''}, ${Math.max(sick.length, deviceProblems.length)} not usable: ${first.reason}`, first.message);
  }
  return ok('NVIDIA GPUs', `${names} (${healthy.map((d) => d.uuid).join(', ')})`);
}

function driverChecks(inv: GpuInventory, kernelVersion: string | undefined): Check[] {
  const out: Check[] = [];
  out.push(kernelVersion
    ? ok('kernel module', `nvidia ${kernelVersion} (/proc/driver/nvidia/version)`)
    : fail('kernel module', 'the nvidia kernel module is not loaded (no /proc/driver/nvidia/version)', 'sudo modprobe nvidia; if that fails, reinstall the driver (or its DKMS module) for the running kernel (uname -r).'));
  const broken = problem(inv, 'DriverLibraryVersionMismatch', 'DriverNotLoaded', 'NvmlUnknownError', 'NvmlInsufficientPermissions', 'NoDevicesFound');
  if (broken) out.push(fail('NVIDIA driver', `${broken.reason}${inv.driverVersion ? ` (libraries ${inv.driverVersion})` : ''}`, broken.message));
  else if (inv.driverVersion) out.push(ok('NVIDIA driver', `${inv.driverVersion}${inv.cudaVersion ? `, CUDA ${inv.cudaVersion}` : ''}`));
  const smi = problem(inv, 'NvidiaSmiNotFound', 'NvidiaSmiTimeout', 'NvidiaSmiFailed', 'NvidiaSmiOutputUnparseable');
  if (smi?.reason === 'NvidiaSmiNotFound') out.push(warn('nvidia-smi', 'not found on PATH: no memory size or compute capability, no nvidia-smi in containers on the raw path', "install the driver's utilities (e.g. nvidia-utils-<version>)."));
  else if (smi) out.push(warn('nvidia-smi', smi.reason, smi.message));
  else out.push(ok('nvidia-smi', `answers (${inv.source})`));
  return out;
}

function deviceNodesCheck(inv: GpuInventory): Check[] {
  const have = new Set(inv.deviceNodes ?? []);
  const wanted = ['nvidiactl', ...[...new Set(inv.devices.map((d) => `nvidia${d.minor}`))]];
  const missing = wanted.filter((n) => !have.has(n));
  if (missing.length) return [fail('device nodes', `missing ${missing.map((n) => `/dev/${n}`).join(', ')}`, 'load the driver and create the nodes: sudo nvidia-modprobe -c=0 (or sudo modprobe nvidia).')];
  const listed = [...wanted, ...['nvidia-uvm', 'nvidia-uvm-tools', 'nvidia-modeset'].filter((n) => have.has(n))].map((n) => `/dev/${n}`).join(', ');
  if (!have.has('nvidia-uvm')) return [warn('device nodes', `${listed}; /dev/nvidia-uvm is missing (CUDA needs it)`, 'sudo nvidia-modprobe -u -c=0, or run any CUDA program once on the host.')];
  return [ok('device nodes', listed)];
}

const MODE_TEXT: Record<PassthroughMode, string> = {
  cdi: 'CDI (the engine resolves nvidia.com/gpu=<uuid>)',
  'nvidia-runtime': 'NVIDIA runtime (DeviceRequests with driver "nvidia", by UUID)',
  raw: 'raw (/dev/nvidia* device nodes plus read-only binds of the driver files)',
  'env-only': 'none (simulated GPUs)',
};

function passthroughCheck(mode: PassthroughMode, info: Record<string, unknown>, libs: DriverLibs): Check {
  if (mode === 'raw' && libs.problems?.length) {
    const p = libs.problems[0]!;
    const sev = libs.libs.length ? warn : fail;
    return sev('passthrough', `${MODE_TEXT.raw}: ${p.reason}`, p.message);
  }
  if (mode === 'nvidia-runtime' && info['CgroupDriver'] === 'systemd') {
    return warn('passthrough', `${MODE_TEXT[mode]} with the systemd cgroup driver`, 'a systemctl daemon-reload can take the GPU away from running containers (Failed to initialize NVML: Unknown Error); generate a CDI spec (sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml) so the agent uses CDI instead.');
  }
  const files = mode === 'raw' ? `: ${[...libs.libs.map((l) => l.name), ...(libs.smi ? ['nvidia-smi'] : [])].join(', ')}` : '';
  return ok('passthrough', `${MODE_TEXT[mode]}${files}`);
}

/** `info`: the engine's GET /info body, or undefined when the engine is not reachable. */
export async function gpuChecks(runner: ToolRunner, info: Record<string, unknown> | undefined): Promise<{ checks: Check[]; facts: GpuFacts }> {
  const inv = await discoverGpus(runner);
  const kernelVersion = parseKernelModuleVersion((await runner.readFile('/proc/driver/nvidia/version')) ?? '');
  const none: DriverLibs = { libs: [] };
  if (!inv.devices.length && inv.source === 'none' && !kernelVersion) {
    return { checks: [warn('NVIDIA GPUs', 'none found on this machine', 'nothing to do on a CPU-only machine; otherwise check `lspci | grep -i nvidia` and that the card is bound to the nvidia driver.')], facts: { inv, driverLibs: none } };
  }
  const checks = [gpusCheck(inv), ...driverChecks(inv, kernelVersion), ...deviceNodesCheck(inv)];
  if (!info) {
    checks.push(warn('passthrough', 'unknown: the Docker engine is not reachable', 'fix the Docker engine first (above).'));
    return { checks, facts: { inv, driverLibs: none } };
  }
  const mode = passthroughModeFromDockerInfo(info, { nvidiaCdiSpec: await findNvidiaCdiSpec(runner, cdiSpecDirs(info)) });
  const driverLibs = mode === 'raw' ? await findDriverLibs(runner, inv.driverVersion) : none;
  checks.push(passthroughCheck(mode, info, driverLibs));
  return { checks, facts: { inv, mode, driverLibs } };
}
