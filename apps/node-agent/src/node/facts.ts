/**
 * What the machine is, for the Node object: CPU, memory, disk, OS, addresses, and the
 * pressure signals behind the Memory/Disk/PID conditions. systeminformation for CPU,
 * memory, OS and disks (gpu.md: never for GPUs). Static facts are read once; the
 * pressure figures every status pass.
 */
import { readFile } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import si from 'systeminformation';

export interface StaticFacts {
  hostname: string;
  internalIP: string;
  cpuCores: number;
  memoryBytes: number;
  kernelVersion: string;
  osImage: string;
  operatingSystem: string;
  architecture: string;
  machineID: string;
  systemUUID: string;
  bootID: string;
}

export interface PressureFacts {
  memoryAvailableBytes: number;
  diskAvailableBytes: number;
  diskTotalBytes: number;
  pidsInUse: number;
  pidMax: number;
}

export interface NodeFacts {
  static(): Promise<StaticFacts>;
  pressure(): Promise<PressureFacts>;
}

const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

/** The first non-internal IPv4 address: what the kubelet reports as InternalIP by default. */
export function primaryIPv4(): string {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

async function readTrim(path: string): Promise<string> {
  return (await readFile(path, 'utf8').catch(() => '')).trim();
}

export class SystemFacts implements NodeFacts {
  readonly #dataDir: string;
  #static: Promise<StaticFacts> | undefined;

  constructor(dataDir: string) {
    this.#dataDir = dataDir;
  }

  static(): Promise<StaticFacts> {
    this.#static ??= (async () => {
      const [os, cpu, mem, uuid] = await Promise.all([si.osInfo(), si.cpu(), si.mem(), si.uuid().catch(() => ({ os: '', hardware: '' }))]);
      const release = await readTrim('/etc/os-release');
      const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1];
      return {
        hostname: hostname(),
        internalIP: primaryIPv4(),
        cpuCores: cpu.cores || 1,
        memoryBytes: mem.total,
        kernelVersion: os.kernel,
        osImage: pretty ?? `${os.distro} ${os.release}`.trim(),
        operatingSystem: process.platform === 'win32' ? 'windows' : process.platform,
        architecture: GOARCH[process.arch] ?? process.arch,
        machineID: (await readTrim('/etc/machine-id')) || uuid.os,
        systemUUID: uuid.hardware || uuid.os,
        bootID: await readTrim('/proc/sys/kernel/random/boot_id'),
      };
    })();
    return this.#static;
  }

  async pressure(): Promise<PressureFacts> {
    const [mem, fs, loadavg, pidMax] = await Promise.all([si.mem(), si.fsSize().catch(() => []), readTrim('/proc/loadavg'), readTrim('/proc/sys/kernel/pid_max')]);
    // The filesystem holding the data dir: the longest mount point that prefixes it.
    const disk = fs.filter((f) => this.#dataDir.startsWith(f.mount)).sort((a, b) => b.mount.length - a.mount.length)[0];
    return {
      memoryAvailableBytes: mem.available,
      diskAvailableBytes: disk?.available ?? 0,
      diskTotalBytes: disk?.size ?? 0,
      pidsInUse: Number(loadavg.split(' ')[3]?.split('/')[1] ?? 0),
      pidMax: Number(pidMax) || 4_194_304,
    };
  }
}
