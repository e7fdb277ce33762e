/**
 * XID errors: the NVIDIA kernel driver's error reports, which only reach the kernel log
 * (`NVRM: Xid (PCI:0000:00:06): 79, pid=…, GPU has fallen off the bus.`). nvidia-smi does not
 * list them, so a GPU can look fine to discovery while every CUDA call on it fails.
 *
 * Which XIDs mean the GPU itself is bad follows NVIDIA's k8s-device-plugin: every XID except
 * the ones an application causes by itself (13 graphics engine exception, 31 MMU fault, 43
 * GPU stopped processing, 45 preemptive cleanup, 68 video processor exception, 109 context
 * switch timeout); those say the program crashed, not that the next program will.
 */
import { normalisePciBusId } from './pci.ts';

export interface XidEvent {
  /** Kernel log time in seconds since boot: orders events and skips ones already seen. */
  at: number;
  /** Normalised bus id of the GPU (0000:00:06.0). */
  pciBusId: string;
  xid: number;
  text: string;
}

export const APPLICATION_XIDS: ReadonlySet<number> = new Set([13, 31, 43, 45, 68, 109]);

const LINE = /^\[\s*(\d+\.\d+)\]\s+NVRM: Xid \(PCI:([0-9a-fA-F:.]+)\):\s*(\d+),\s*(.*)$/;

/** Parse `dmesg` output (its default `[seconds.micros] text` form); other lines are ignored. */
export function parseXids(dmesg: string): XidEvent[] {
  const out: XidEvent[] = [];
  for (const line of dmesg.split('\n')) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    // The kernel prints domain:bus:device without the function; GPUs are function 0.
    const bus = m[2]!.includes('.') ? m[2]! : `${m[2]}.0`;
    out.push({ at: Number(m[1]), pciBusId: normalisePciBusId(bus), xid: Number(m[3]), text: m[4]!.trim() });
  }
  return out;
}

export function isCriticalXid(xid: number): boolean {
  return !APPLICATION_XIDS.has(xid);
}
