/**
 * Discovery without nvidia-smi: what the kernel says. Also run next to nvidia-smi, because
 * only sysfs sees the cards nvidia-smi cannot (bound to vfio-pci or nouveau, or lost).
 *
 * A GPU is a PCI function with vendor 0x10de AND a display class (0x03xxxx: VGA, 3D, other);
 * the HDMI audio function consumer cards expose (0x0403xx) is not. The `driver` link says who
 * owns it; only the nvidia driver's cards are usable, and only they have
 * /proc/driver/nvidia/gpus/<bdf>/information (Model, GPU UUID, Device Minor).
 */
import { posix } from 'node:path';
import { normalisePciBusId } from './pci.ts';
import { problem } from './problems.ts';
import type { GpuProblem, ToolRunner } from './types.ts';

const PCI_DEVICES = '/sys/bus/pci/devices';

export interface PciGpu {
  pciBusId: string;
  deviceId?: string;
  driver?: string;
  /** From /proc/driver/nvidia/gpus/<bdf>/information, when the nvidia driver owns it. */
  model?: string;
  uuid?: string;
  minor?: number;
}

export async function scanPciGpus(runner: ToolRunner): Promise<PciGpu[]> {
  const out: PciGpu[] = [];
  for (const entry of await runner.readdir(PCI_DEVICES)) {
    const dir = `${PCI_DEVICES}/${entry}`;
    const vendor = (await runner.readFile(`${dir}/vendor`))?.trim().toLowerCase();
    const cls = (await runner.readFile(`${dir}/class`))?.trim().toLowerCase();
    if (vendor !== '0x10de' || !cls?.startsWith('0x03')) continue;
    const gpu: PciGpu = { pciBusId: normalisePciBusId(entry) };
    const deviceId = (await runner.readFile(`${dir}/device`))?.trim().toLowerCase();
    if (deviceId) gpu.deviceId = deviceId;
    const link = await runner.readlink(`${dir}/driver`);
    if (link) gpu.driver = posix.basename(link);
    if (gpu.driver === 'nvidia') Object.assign(gpu, parseInformation((await runner.readFile(`/proc/driver/nvidia/gpus/${entry}/information`)) ?? ''));
    out.push(gpu);
  }
  return out.sort((a, b) => a.pciBusId.localeCompare(b.pciBusId));
}

/** `Key: \t\t value` lines (the separator is ':' then tabs and spaces). */
export function parseInformation(text: string): Pick<PciGpu, 'model' | 'uuid' | 'minor'> {
  const kv = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) kv.set(m[1]!.trim(), m[2]!.trim());
  }
  const out: Pick<PciGpu, 'model' | 'uuid' | 'minor'> = {};
  const model = kv.get('Model');
  const uuid = kv.get('GPU UUID');
  const minor = kv.get('Device Minor');
  if (model) out.model = model;
  if (uuid && uuid.startsWith('GPU-')) out.uuid = uuid;
  if (minor && /^\d+$/.test(minor)) out.minor = Number(minor);
  return out;
}

/** Cards that are there but not ours to use: reported, never published. */
export function unusableGpuProblems(gpus: PciGpu[]): GpuProblem[] {
  const out: GpuProblem[] = [];
  for (const g of gpus) {
    if (g.driver === 'nvidia') continue;
    if (g.driver === 'vfio-pci')
      out.push(problem('GpuBoundToVfio', `GPU ${g.pciBusId} is bound to vfio-pci (reserved for a VM); it is not published. Unbind it and bind nvidia to use it here.`, g.pciBusId));
    else if (g.driver === 'nouveau')
      out.push(problem('GpuBoundToNouveau', `GPU ${g.pciBusId} is driven by nouveau, not the NVIDIA driver; it is not published. Blacklist nouveau and load nvidia.`, g.pciBusId));
    else
      out.push(problem('GpuNoDriver', `GPU ${g.pciBusId} has ${g.driver ? `driver ${g.driver}` : 'no driver bound'}; it is not published. Load the nvidia kernel module.`, g.pciBusId));
  }
  return out;
}

/**
 * Best-effort architecture from the PCI device id's upper byte, for when nvidia-smi cannot
 * say. Unknown ranges stay undefined rather than guessed.
 */
const ARCH_BY_HIGH_BYTE: Record<number, string> = {
  0x1b: 'Pascal', 0x1c: 'Pascal',
  0x1e: 'Turing', 0x1f: 'Turing', 0x21: 'Turing',
  0x20: 'Ampere', 0x22: 'Ampere', 0x24: 'Ampere', 0x25: 'Ampere',
  0x23: 'Hopper',
  0x26: 'Ada Lovelace', 0x27: 'Ada Lovelace', 0x28: 'Ada Lovelace',
  0x29: 'Blackwell', 0x2b: 'Blackwell', 0x2c: 'Blackwell', 0x2d: 'Blackwell', 0x2f: 'Blackwell',
};

export function architectureFromDeviceId(deviceId: string | undefined): string | undefined {
  const id = deviceId ? parseInt(deviceId.replace(/^0x/, ''), 16) : NaN;
  if (Number.isNaN(id)) return undefined;
  // 0x1dXX is shared: GV100 (Volta) is 0x1db*, the rest are GP108 (Pascal).
  if (id >> 8 === 0x1d) return id >> 4 === 0x1db ? 'Volta' : 'Pascal';
  return ARCH_BY_HIGH_BYTE[id >> 8];
}
