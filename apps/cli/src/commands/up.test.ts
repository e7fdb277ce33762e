/** `skiff up` as users run it: a subprocess on a temp folder and port, stopped with Ctrl-C. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DockerRuntime } from '../../../node-agent/src/runtime/docker.ts';
import { baseEnv, eventually, KUBECTL, MAIN, skiffProcess, spawnRun, tempDir, until } from '../test/harness.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];
afterEach(() => {
  // A failed assertion must not leave a cluster running.
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function startUp(dataDir: string, port: number, extra: string[] = [], env = baseEnv(undefined)): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  // --service-proxy off: these tests do not use Services and must not touch the host's lo
  // addresses that the Service tests (tests/e2e/src/skiff-up.test.ts) rely on.
  const child = spawn(process.execPath, [MAIN, 'up', '--data-dir', dataDir, '--port', String(port), '--service-proxy', 'off', ...extra], { env: env as NodeJS.ProcessEnv });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, exited };
}

describe('skiff up', () => {
  it('writes a kubeconfig kubectl can use, stops on SIGINT with 0, and keeps state across restarts', async () => {
    const dataDir = tempDir('skiff-up-');
    const port = await freePort();
    const kubeconfig = join(dataDir, 'kubeconfig');
    const env = baseEnv(kubeconfig);

    const first = startUp(dataDir, port);
    await until(() => first.out().includes('kubectl get nodes'), 20_000);
    expect(first.out()).toContain(`export KUBECONFIG=${kubeconfig}`);
    expect(existsSync(kubeconfig)).toBe(true);
    if (existsSync(KUBECTL)) {
      // Exactly what a user does: the kubeconfig `skiff up` wrote (https, its CA, the admin token).
      const ns = await spawnRun(KUBECTL, ['get', 'ns'], { ...env, KUBECACHEDIR: join(dataDir, 'cache') });
      expect(ns.stderr).toBe('');
      expect(ns.stdout).toMatch(/^NAME +STATUS +AGE\ndefault +Active/);
    }
    const created = await skiffProcess(['apply', '-f', '-'], env, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: survivor\n');
    expect(created.stdout).toBe('configmap/survivor created\n');

    // A second `up` on the same port fails with one clear line.
    const clash = await skiffProcess(['up', '--data-dir', tempDir('skiff-up2-'), '--port', String(port)], baseEnv(undefined));
    expect(clash.code).toBe(1);
    // Node process warnings (a fastify deprecation from the api-server, for now) aside.
    const lines = clash.stderr.trimEnd().split('\n').filter((l) => !/^\(node:\d+\)|^\(Use `node/.test(l));
    expect(lines).toEqual([`error: port ${port} on 127.0.0.1 is already in use (is another skiff up running? choose another with --port)`]);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect((await skiffProcess(['get', 'cm', 'survivor'], env)).code).toBe(1);

    // Restart, this time also merging into ~/.kube/config (a throwaway HOME).
    const homeEnv = baseEnv(undefined);
    const second = startUp(dataDir, port, ['--merge-kubeconfig'], homeEnv);
    await until(() => second.out().includes('kubectl get nodes'), 20_000);
    const got = await skiffProcess(['get', 'configmap', 'survivor', '-o', 'name'], env);
    expect(got.stderr).toBe('');
    expect(got.stdout).toBe('configmap/survivor\n');
    const viaHome = await skiffProcess(['get', 'configmap', 'survivor', '-o', 'name'], { ...homeEnv, KUBECONFIG: undefined });
    expect(viaHome.stdout).toBe('configmap/survivor\n');
    expect(readFileSync(join(homeEnv['HOME']!, '.kube', 'config'), 'utf8')).toContain('current-context: skiff');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);

  it('--simulate-gpus gives the local agent the GPUs of a capture, marked simulated, and a missing folder is one line', async () => {
    const missing = await skiffProcess(['up', '--data-dir', tempDir('skiff-up-nogpu-'), '--simulate-gpus', '/nonexistent/capture'], baseEnv(undefined));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error: --simulate-gpus: the folder "/nonexistent/capture" does not exist');

    const dockerError = await new DockerRuntime().version().then(() => undefined, (e: unknown) => String(e));
    if (dockerError) {
      // Without an engine `up` starts no agent, so there is no node to look at.
      if (process.env['SKIFF_REQUIRE_DOCKER'] === '1') throw new Error(`SKIFF_REQUIRE_DOCKER=1 but Docker is not running: ${dockerError}`);
      console.warn(`skipping the --simulate-gpus node check: no Docker engine (${dockerError})`);
      return;
    }
    const capture = fileURLToPath(new URL('../../../../../shared/fixtures/gpu/h100-80gb-hbm3-driver580', import.meta.url));
    const dataDir = tempDir('skiff-up-gpu-');
    const port = await freePort();
    const env = baseEnv(join(dataDir, 'kubeconfig'));
    const up = startUp(dataDir, port, ['--simulate-gpus', capture]);
    await until(() => up.out().includes('kubectl get nodes'), 20_000);
    let node: { metadata: { labels?: Record<string, string> }; status?: { capacity?: Record<string, string> } } | undefined;
    await eventually(async () => {
      const got = await skiffProcess(['get', 'nodes', '-o', 'json'], env);
      node = got.code === 0 ? (JSON.parse(got.stdout) as { items: NonNullable<typeof node>[] }).items[0] : undefined;
      return node?.status?.capacity?.['nvidia.com/gpu'] !== undefined;
    }, 20_000);
    expect(node!.status!.capacity!['nvidia.com/gpu']).toBe('1');
    expect(Object.entries(node!.metadata.labels ?? {}).some(([k, v]) => k.includes('simulated') && v === 'true')).toBe(true);
    let slices = '';
    await eventually(async () => (slices = (await skiffProcess(['get', 'resourceslices', '-o', 'yaml'], env)).stdout).includes('GPU-'), 20_000);
    expect(slices).toContain('NVIDIA H100 80GB HBM3');
    up.child.kill('SIGINT');
    expect(await up.exited).toBe(0);
  }, 60_000);
});
