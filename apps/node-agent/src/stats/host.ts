/**
 * The node's own counters: CPU time from /proc/stat and memory in use from /proc/meminfo.
 * Read directly rather than through systeminformation because resource metrics need the
 * cumulative counters (systeminformation's currentLoad only gives a percentage since its own
 * previous call, shared process-wide). Both files are the host's even inside the agent's
 * container (neither is namespaced).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface HostReading {
  /** Busy CPU time of all cores since boot. */
  cpuUsageNanoSeconds: number;
  memoryWorkingSetBytes: number;
  readAt: number;
}

export interface HostCounters {
  read(): Promise<HostReading>;
}

/** /proc/stat counts in USER_HZ, which Linux fixes at 100 for user space on every architecture. */
const NS_PER_TICK = 1e9 / 100;

/**
 * Busy time from the aggregate `cpu` line: user nice system idle iowait irq softirq steal …
 * Busy is everything but idle and iowait (guest time is already inside user and nice).
 */
export function parseProcStat(text: string): number {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  const f = line?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  if (f.length < 4 || f.some((n) => !Number.isFinite(n))) throw new Error(`/proc/stat has no aggregate cpu line: ${JSON.stringify(text.slice(0, 80))}`);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
  return (user + nice + system + irq + softirq + steal) * NS_PER_TICK;
}

/** MemTotal − MemAvailable: what the kernel could not hand out without reclaiming (kB in the file). */
export function parseMeminfo(text: string): number {
  const kb = (key: string): number | undefined => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const total = kb('MemTotal');
  const available = kb('MemAvailable');
  if (total === undefined || available === undefined) throw new Error('/proc/meminfo lacks MemTotal or MemAvailable');
  return Math.max(0, total - available) * 1024;
}

export function procHostCounters(procDir = '/proc', now: () => number = Date.now): HostCounters {
  return {
    async read() {
      const [stat, meminfo] = await Promise.all([readFile(join(procDir, 'stat'), 'utf8'), readFile(join(procDir, 'meminfo'), 'utf8')]);
      return { cpuUsageNanoSeconds: parseProcStat(stat), memoryWorkingSetBytes: parseMeminfo(meminfo), readAt: now() };
    },
  };
}
