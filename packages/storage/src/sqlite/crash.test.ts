/**
 * Crash safety: a child writes in a loop and prints each acknowledged revision; it is killed
 * with SIGKILL at a random moment; after reopening, every acknowledged write must be there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'skiff-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = new URL('./crash-writer.fixture.ts', import.meta.url).pathname;

/** Runs the writer until a random kill; resolves with the acknowledged "rev key" lines. */
function runAndKill(path: string, sync: string, group: string): Promise<[number, string][]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, path, sync, group], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (out === '' && chunk.startsWith('ready')) setTimeout(() => child.kill('SIGKILL'), 50 + Math.random() * 250);
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited without being killed (${String(signal)})`));
      const lines = out.split('\n').slice(1, -1); // drop "ready" and a possibly torn last line
      resolve(lines.map((l) => l.split(' ') as [string, string]).map(([r, k]) => [Number(r), k]));
    });
  });
}

it('loses no acknowledged write when the process is SIGKILLed', async () => {
  const path = join(dir, 'crash.db');
  let total = 0;
  for (const [sync, group] of [['NORMAL', 'group'], ['NORMAL', 'single'], ['FULL', 'group'], ['NORMAL', 'group']] as const) {
    const acked = await runAndKill(path, sync, group);
    expect(acked.length).toBeGreaterThan(0);
    total += acked.length;
    const store = openSqliteStore(path);
    for (const [rev, key] of acked) expect(store.get(key)?.revision, key).toBe(rev);
    expect(store.revision).toBeGreaterThanOrEqual(acked.at(-1)![0]);
    await store.close();
  }
  expect(total).toBeGreaterThan(100);
}, 30_000);
