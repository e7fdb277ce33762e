/**
 * Real kubectl 1.32 as a subprocess: own kubeconfig, own discovery cache, throwaway HOME, timeouts.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
export const haveKubectl = existsSync(KUBECTL);

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = 'skiff-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A kubeconfig for `server`, optionally with a token and the CA that signed its certificate. */
export function writeKubeconfig(dir: string, server: string, opts: { token?: string; caPem?: string } = {}, name = 'kubeconfig'): string {
  const path = join(dir, name);
  const user = opts.token === undefined ? '{}' : `{token: ${JSON.stringify(opts.token)}}`;
  const ca = opts.caPem ? `, certificate-authority-data: ${Buffer.from(opts.caPem).toString('base64')}` : '';
  writeFileSync(
    path,
    `apiVersion: v1
kind: Config
clusters: [{name: e2e, cluster: {server: ${JSON.stringify(server)}${ca}}}]
users: [{name: e2e, user: ${user}}]
contexts: [{name: e2e, context: {cluster: e2e, user: e2e, namespace: default}}]
current-context: e2e
`,
    { mode: 0o600 },
  );
  return path;
}

export interface Kubectl {
  (args: string[], o?: { stdin?: string; timeoutMs?: number }): Promise<Result>;
  spawn(args: string[]): ChildProcessWithoutNullStreams;
  kubeconfig: string;
  cacheDir: string;
  dir: string;
}

export function kubectlFor(kubeconfig: string, dir = tempDir(), cacheDir = join(dir, 'cache'), extraEnv: Record<string, string> = {}): Kubectl {
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, ...extraEnv };
  const base = ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir];
  const run = ((args: string[], o: { stdin?: string; timeoutMs?: number } = {}) =>
    new Promise<Result>((resolve) => {
      const child = execFile(KUBECTL, [...base, ...args], { env, timeout: o.timeoutMs ?? 30_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
      child.stdin?.end(o.stdin ?? '');
    })) as Kubectl;
  run.spawn = (args: string[]) => spawn(KUBECTL, [...base, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  run.kubeconfig = kubeconfig;
  run.cacheDir = cacheDir;
  run.dir = dir;
  return run;
}

/** Poll `check` until it returns a truthy value. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 20_000, everyMs = 50): Promise<NonNullable<T>> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
