/** Host counters: /proc/stat and /proc/meminfo parsing, and reading them from a /proc-like folder. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMeminfo, parseProcStat, procHostCounters } from './host.ts';
import { cpuNanoCores } from './rates.ts';

const STAT = `cpu  100 20 30 5000 40 5 6 7 8 9
cpu0 50 10 15 2500 20 3 3 4 4 5
intr 1 2 3
`;
const MEMINFO = `MemTotal:        8000000 kB
MemFree:         1000000 kB
MemAvailable:    6000000 kB
Buffers:          100000 kB
`;

describe('host counters', () => {
  it('busy CPU = user+nice+system+irq+softirq+steal ticks at 100 Hz (idle, iowait and guest left out)', () => {
    expect(parseProcStat(STAT)).toBe((100 + 20 + 30 + 5 + 6 + 7) * 1e7);
  });

  it('memory in use = MemTotal − MemAvailable, in bytes', () => {
    expect(parseMeminfo(MEMINFO)).toBe(2_000_000 * 1024);
  });

  it.each([
    ['/proc/stat without a cpu line', () => parseProcStat('intr 1 2\n')],
    ['/proc/stat with garbage', () => parseProcStat('cpu  a b c d\n')],
    ['/proc/meminfo without MemAvailable', () => parseMeminfo('MemTotal: 1 kB\n')],
  ])('%s is an error, not a zero', (_what, f) => expect(f).toThrow());

  it('reads a /proc folder; this machine\'s real /proc gives a plausible rate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proc-'));
    writeFileSync(join(dir, 'stat'), STAT);
    writeFileSync(join(dir, 'meminfo'), MEMINFO);
    expect(await procHostCounters(dir, () => 42).read()).toEqual({ cpuUsageNanoSeconds: 168e7, memoryWorkingSetBytes: 2_048_000_000, readAt: 42 });

    const real = procHostCounters();
    const a = await real.read();
    await new Promise((r) => setTimeout(r, 200));
    const b = await real.read();
    const rate = cpuNanoCores({ value: a.cpuUsageNanoSeconds, at: a.readAt }, { value: b.cpuUsageNanoSeconds, at: b.readAt })!;
    expect(rate).toBeGreaterThanOrEqual(0);
    expect(rate).toBeLessThan(1024 * 1e9);
    expect(b.memoryWorkingSetBytes).toBeGreaterThan(0);
  });
});
