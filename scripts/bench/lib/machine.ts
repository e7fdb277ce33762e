/** Commit, machine and runtime versions, printed at the head of every benchmark report. */
import { execSync } from 'node:child_process';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface MachineInfo {
  commit: string;
  dirty: boolean;
  date: string;
  cpu: string;
  cores: number;
  ramGiB: number;
  kernel: string;
  node: string;
  sqlite: string;
  betterSqlite3: string;
}

export function machineInfo(): MachineInfo {
  // A bundled copy run where there is no checkout (a borrowed GPU machine) is told its commit.
  let commit = process.env['BENCH_COMMIT'] ?? 'unknown';
  let dirty = false;
  if (!process.env['BENCH_COMMIT']) try {
    commit = execSync('git rev-parse --short HEAD', { cwd: root, encoding: 'utf8' }).trim();
    dirty = execSync('git status --porcelain --untracked-files=no', { cwd: root, encoding: 'utf8' }).trim() !== '';
  } catch {
    /* not a checkout */
  }
  // better-sqlite3 is a dependency of @skiff/storage, not of the root package.
  const req = createRequire(new URL('../../../packages/storage/package.json', import.meta.url));
  let sqlite = 'unknown';
  let betterSqlite3 = 'unknown';
  try {
    const Database = req('better-sqlite3') as new (p: string) => { prepare(s: string): { pluck(): { get(): unknown } }; close(): void };
    const db = new Database(':memory:');
    sqlite = String(db.prepare('select sqlite_version()').pluck().get());
    db.close();
    betterSqlite3 = (req('better-sqlite3/package.json') as { version: string }).version;
  } catch {
    /* storage not installed */
  }
  const c = cpus();
  return {
    commit,
    dirty,
    date: new Date().toISOString().slice(0, 10),
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    ramGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    sqlite,
    betterSqlite3,
  };
}

export function machineLine(m: MachineInfo = machineInfo()): string {
  return `commit ${m.commit}${m.dirty ? '+dirty' : ''} · ${m.date} · ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB · kernel ${m.kernel} · Node ${m.node} · SQLite ${m.sqlite} (better-sqlite3 ${m.betterSqlite3}) · load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start`;
}
