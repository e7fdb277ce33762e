/**
 * Test helpers: run the CLI in-process (captured stdout/stderr, exit code) or as a real
 * subprocess, against a server from @skiff/testing, with a throwaway HOME so nobody's
 * ~/.kube/config is read or written.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../main.ts';

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
export const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

export function tempDir(prefix = 'skiff-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function baseEnv(kubeconfig: string | undefined): Record<string, string | undefined> {
  return { PATH: process.env['PATH'], HOME: tempDir('skiff-home-'), KUBECONFIG: kubeconfig };
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  signal?: AbortSignal;
  cwd?: string;
  /** Called with each stdout chunk as it is written (watch tests). */
  onStdout?: (all: string) => void;
}

export async function cli(kubeconfig: string | undefined, args: string[], o: RunOptions = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => ((stdout += s), o.onStdout?.(stdout)) },
    stderr: { write: (s: string) => (stderr += s) },
    env: o.env ?? baseEnv(kubeconfig),
    readStdin: async () => o.stdin ?? '',
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.cwd ? { cwd: o.cwd } : {}),
  });
  return { code, stdout, stderr };
}

/** Run a command (node main.ts … or kubectl) as a subprocess and collect its output. */
export function spawnRun(cmd: string, args: string[], env: Record<string, string | undefined>, stdin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

export function skiffProcess(args: string[], env: Record<string, string | undefined>, stdin?: string): Promise<Result> {
  return spawnRun(process.execPath, [MAIN, ...args], env, stdin);
}

export function writeFile(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

export function pod(name: string, labels: Record<string, string> = {}): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
spec:
  containers:
  - name: main
    image: busybox
`;
}

/** Wait until `check` is true of the output so far (watch tests). */
export function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (check()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error('timed out waiting for output'));
      else setTimeout(tick, 25);
    };
    tick();
  });
}

/** Retry an async check until it returns true (one attempt at a time, every `everyMs`). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000, everyMs = 200): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
