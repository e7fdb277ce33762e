/**
 * discoverGpus: nvidia-smi first (XML + CSV query + -L for MIG), then the kernel's view
 * (sysfs, /proc/driver/nvidia) to fill gaps and to catch what nvidia-smi cannot see.
 * Never throws and never drops a GPU silently: whatever goes wrong becomes a GpuProblem,
 * and a GPU the kernel knows but nvidia-smi did not report is listed as unhealthy.
 */
import { CMD, SMI } from './commands.ts';
import { devicesFromQuery, devicesFromXml } from './from-smi.ts';
import { diagnoseNvmlError } from './diagnose.ts';
import { EXIT_NOT_FOUND, EXIT_TIMEOUT } from './host-runner.ts';
import { loadMigContext } from './mig-devices.ts';
import { problem } from './problems.ts';
import { parseSmiList } from './smi-list.ts';
import { queryGpus, type QueryResult } from './smi-query.ts';
import { parseKernelModuleVersion, parseSmiBanner, parseSmiVersion } from './smi-text.ts';
import { parseSmiXml, type SmiXml } from './smi-xml.ts';
import { architectureFromDeviceId, scanPciGpus, unusableGpuProblems, type PciGpu } from './sysfs.ts';
import type { GpuDevice, GpuInventory, GpuProblem, ToolRunner } from './types.ts';

export interface DiscoverOptions {
  /** Per nvidia-smi call; default 15 s (it can take seconds with persistence mode off). */
  timeoutMs?: number;
  /** The runner answers from a capture: report source 'capture' instead of 'nvidia-smi'. */
  captured?: boolean;
}

/** The reasons that mean the GPUs themselves cannot be used right now. */
const UNUSABLE = new Set(['DriverLibraryVersionMismatch', 'NvmlUnknownError', 'DriverNotLoaded', 'GpuLost', 'NvmlInsufficientPermissions']);

export async function discoverGpus(runner: ToolRunner, opts: DiscoverOptions = {}): Promise<GpuInventory> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const smi = (args: readonly string[]) => runWithDeadline(runner, [...args], timeoutMs);
  const problems: GpuProblem[] = [];
  const [pci, kernelText, dev] = await Promise.all([scanPciGpus(runner), runner.readFile('/proc/driver/nvidia/version'), runner.readdir('/dev')]);
  const kernelVersion = parseKernelModuleVersion(kernelText ?? '');

  let xml: SmiXml | undefined;
  let smiProblem: GpuProblem | undefined;
  const x = await smi(CMD.xml);
  if (x.code === 0) {
    try {
      xml = parseSmiXml(x.stdout);
    } catch (e) {
      smiProblem = problem('NvidiaSmiOutputUnparseable', `nvidia-smi -q -x printed something that is not its XML (${(e as Error).message}); falling back.`);
    }
  } else smiProblem = smiFailure(x);
  if (smiProblem) problems.push(smiProblem);

  let devices: GpuDevice[] = [];
  let source: GpuInventory['source'] = 'nvidia-smi';
  const versions: { driverVersion?: string; cudaVersion?: string } = {};
  const smiUsable = x.code === 0;
  if (smiUsable) {
    const query = await safeQuery(runner, timeoutMs);
    if (query.error) problems.push(query.error);
    if (xml) {
      const migOn = xml.gpus.some((g) => g.migCurrent === 'Enabled');
      const listed = migOn ? parseSmiList((await smi(CMD.list)).stdout) : [];
      const mig = migOn ? await loadMigContext(runner, async (a) => (await smi(a)).stdout, listed) : undefined;
      const r = devicesFromXml(xml, query.result.rows, mig);
      devices = r.devices;
      problems.push(...r.problems);
      Object.assign(versions, definedOnly({ driverVersion: xml.driverVersion, cudaVersion: xml.cudaVersion }));
    } else {
      const r = devicesFromQuery(query.result.rows, minorsByBusId(pci));
      devices = r.devices;
      problems.push(...r.problems);
      const fromVersion = parseSmiVersion((await smi(CMD.version)).stdout);
      const fromBanner = fromVersion.cudaVersion ? {} : parseSmiBanner((await smi(CMD.banner)).stdout);
      Object.assign(versions, definedOnly({ driverVersion: query.result.rows[0]?.driver_version }), fromBanner, fromVersion);
    }
    if (devices.some((d) => d.type === 'gpu' && d.computeCapability === undefined) && !query.error)
      problems.push(problem('ComputeCapabilityUnknown', 'nvidia-smi did not report compute_cap (driver older than R510?): cudaComputeCapability is not published.'));
  }

  // Whatever nvidia-smi missed, the kernel still knows about.
  const seen = new Set(devices.map((d) => d.pciBusId));
  const fallback = devices.length === 0 && smiProblem !== undefined;
  for (const g of pci) {
    if (g.driver !== 'nvidia' || seen.has(g.pciBusId) || !g.uuid || g.minor === undefined) continue;
    const d = deviceFromSysfs(g);
    if (!fallback) {
      d.healthy = false;
      d.problem = 'GpuNotReportedByNvidiaSmi';
      problems.push(problem('GpuNotReportedByNvidiaSmi', `GPU ${g.uuid} (${g.pciBusId}) is bound to nvidia but nvidia-smi did not report it: not published. Check dmesg for Xid errors.`, g.uuid));
    } else source = 'sysfs';
    devices.push(d);
  }
  if (source === 'sysfs' && kernelVersion) versions.driverVersion = kernelVersion;
  problems.push(...unusableGpuProblems(pci));

  // A failure that means the GPUs cannot work marks every one of them.
  const fatal = problems.find((p) => UNUSABLE.has(p.reason));
  if (!fatal && kernelVersion && xml?.driverVersion && kernelVersion !== xml.driverVersion) {
    const p = problem('DriverLibraryVersionMismatch', `The kernel module is ${kernelVersion} but the libraries are ${xml.driverVersion}: reboot to load the new module.`);
    problems.push(p);
  }
  const unusable = problems.find((p) => UNUSABLE.has(p.reason));
  if (unusable) for (const d of devices) Object.assign(d, { healthy: false, problem: d.problem ?? unusable.reason });

  const nodes = dev.filter((n) => n.startsWith('nvidia'));
  if (devices.length > 0 && nodes.length > 0 && !nodes.includes('nvidia-uvm'))
    problems.push(problem('NvidiaUvmMissing', '/dev/nvidia-uvm does not exist (it is created on first CUDA use): CUDA in containers fails until it does. Run `nvidia-modprobe -u -c=0` on the host.'));
  if (devices.length === 0 && pci.length === 0 && (x.code === EXIT_NOT_FOUND || !smiProblem)) source = 'none';
  if (source === 'nvidia-smi' && opts.captured) source = 'capture';

  const inv: GpuInventory = { source, devices, problems, simulated: false, ...definedOnly(versions) };
  if (nodes.length > 0) inv.deviceNodes = nodes.sort();
  return inv;
}

function smiFailure(r: { code: number; stdout: string; stderr: string }): GpuProblem {
  if (r.code === EXIT_TIMEOUT) return problem('NvidiaSmiTimeout', `nvidia-smi did not answer in time (${r.stderr.trim()}); using sysfs. A GPU that hangs the driver needs a look at dmesg.`);
  if (r.code === EXIT_NOT_FOUND) return problem('NvidiaSmiNotFound', 'nvidia-smi is not installed or not on PATH: GPUs are read from sysfs and /proc (no memory size, no compute capability).');
  return diagnoseNvmlError(r.stderr + r.stdout) ?? problem('NvidiaSmiFailed', `nvidia-smi exited ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
}

async function safeQuery(runner: ToolRunner, timeoutMs: number): Promise<{ result: QueryResult; error?: GpuProblem }> {
  const empty: QueryResult = { rows: [], fields: [], code: 1, stderr: '' };
  try {
    const result = await queryGpus(deadlineRunner(runner, timeoutMs), timeoutMs);
    if (result.code === 0) return { result };
    return { result, error: problem('ComputeCapabilityUnknown', `nvidia-smi --query-gpu failed (exit ${result.code}: ${result.stderr.trim().slice(0, 200)}): no compute capability.`) };
  } catch (e) {
    return { result: empty, error: problem('NvidiaSmiOutputUnparseable', `nvidia-smi --query-gpu printed an unexpected table: ${(e as Error).message}`) };
  }
}

function deviceFromSysfs(g: PciGpu): GpuDevice {
  // Index is nvidia-smi's enumeration, which is PCI bus order: the same order scanPciGpus sorts by.
  const d: GpuDevice = { uuid: g.uuid!, index: g.minor!, minor: g.minor!, name: g.model ?? 'NVIDIA GPU', memoryBytes: 0, pciBusId: g.pciBusId, type: 'gpu', healthy: true };
  const arch = architectureFromDeviceId(g.deviceId);
  if (arch) d.architecture = arch;
  return d;
}

function minorsByBusId(pci: PciGpu[]): Map<string, number> {
  return new Map(pci.filter((g) => g.minor !== undefined).map((g) => [g.pciBusId, g.minor!]));
}

/** A hard deadline on top of the runner's own: an injected or wedged runner may never settle. */
export function runWithDeadline(runner: ToolRunner, args: string[], timeoutMs: number, cmd = SMI): Promise<{ code: number; stdout: string; stderr: string }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    timer = setTimeout(() => resolve({ code: EXIT_TIMEOUT, stdout: '', stderr: `${cmd}: timed out after ${timeoutMs} ms` }), timeoutMs);
  });
  const call = runner.run(cmd, args, timeoutMs).catch((e: unknown) => ({ code: 1, stdout: '', stderr: String(e) }));
  return Promise.race([call, deadline]).finally(() => clearTimeout(timer));
}

function deadlineRunner(runner: ToolRunner, timeoutMs: number): ToolRunner {
  return { ...runner, run: (cmd, args) => runWithDeadline(runner, args, timeoutMs, cmd) };
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
