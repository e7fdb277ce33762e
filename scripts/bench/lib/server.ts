/**
 * Spawning the api-server in its own process (server-process.ts) and reading its RSS and CPU
 * time from /proc, so each benchmark can report CPU per component.
 *
 * BENCH_SERVER_NODE_ARGS adds Node flags to the server process, e.g.
 *   BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" node scripts/bench/b2-api-create.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

// BENCH_SERVER_ENTRY swaps in another entry with the same stdout contract (to check the harness).
const ENTRY = process.env['BENCH_SERVER_ENTRY'] ?? fileURLToPath(new URL('./server-process.ts', import.meta.url));
const CLK_TCK = 100; // Linux USER_HZ

export interface BenchServer {
  url: string;
  token: string;
  pid: number;
  /** Resident set size in bytes (VmRSS), NaN where /proc is missing. */
  rss(): number;
  /** User+system CPU seconds consumed so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export function procRss(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export function procCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime, stime (fields 14, 15)
  } catch {
    return Number.NaN;
  }
}

export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export async function startServerProcess(opts: { synchronous?: 'NORMAL' | 'FULL'; extraArgs?: string[] } = {}): Promise<BenchServer> {
  const nodeArgs = (process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ENTRY, '--synchronous', opts.synchronous ?? 'NORMAL', ...(opts.extraArgs ?? [])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`api-server process exited with ${code} before listening`)));
  });
  const info = JSON.parse(first) as { url: string; token: string; pid: number };
  return {
    url: info.url,
    token: info.token,
    pid: info.pid,
    rss: () => procRss(info.pid),
    cpuSeconds: () => procCpuSeconds(info.pid),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
