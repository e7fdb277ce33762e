/** `skiff api-server` runs the real daemon through its main(argv), as a subprocess. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, eventually, MAIN, skiffProcess, tempDir } from '../test/harness.ts';

describe('skiff api-server', () => {
  it('serves the API with the flags it is given and exits 0 on SIGTERM', async () => {
    const dataDir = tempDir('skiff-apiserver-');
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(process.execPath, [MAIN, 'api-server', '--data-dir', dataDir, '--port', String(port)], {
      env: { ...baseEnv(undefined), SKIFF_LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv,
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const env = baseEnv(join(dataDir, 'kubeconfig'));
      await eventually(async () => (await skiffProcess(['get', 'ns', 'default', '-o', 'name'], env)).stdout === 'namespace/default\n');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);

  it('rejects a flag the daemon does not know, in one line', async () => {
    const r = await skiffProcess(['api-server', '--bogus'], baseEnv(undefined));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('(node:') && !l.startsWith('(Use'))).toEqual([
      "error: api-server: Unknown option '--bogus'",
    ]);
  });
});

describe('skiff <daemon> --help', () => {
  // Each daemon prints every flag it parses with a description (daemonUsage throws on a flag
  // without one), then exits 0 without starting anything.
  const expected: Record<string, string[]> = {
    'api-server': ['--data-dir string', '--bind-address string', '--synchronous string', '--tls-san strings', '--insecure-http'],
    scheduler: ['--kubeconfig string', '--config string', '--scheduler-name string', '--leader-elect string'],
    'controller-manager': ['--controllers strings', '--service-cluster-ip-range string', '--service-node-port-range string', '--concurrent-syncs string'],
    'node-agent': ['--node-name string', '--simulate-gpus string', '--service-proxy string', '--pod-sandbox string', '--pod-veth string', '--token string'],
  };
  for (const [daemon, flags] of Object.entries(expected)) {
    it(`${daemon} lists its flags and exits 0`, async () => {
      const r = await skiffProcess([daemon, '--help'], baseEnv(undefined));
      expect(r.code).toBe(0);
      expect(r.stdout.startsWith(`Usage: skiff ${daemon} [flags]\n`)).toBe(true);
      for (const f of flags) expect(r.stdout).toMatch(new RegExp(`^  ${f.replace(/[-]/g, '\\-')}  +\\S`, 'm'));
      expect(r.stdout).toContain('-h, --help');
    }, 30_000);
  }
  it('a default is shown as the daemon would use it', async () => {
    const r = await skiffProcess(['node-agent', '-h'], baseEnv(undefined));
    expect(r.stdout).toMatch(/--pod-sandbox string +auto: .* \(default "auto"\)$/m);
    expect(r.stdout).toMatch(/--kubelet-port string +.* \(default "10250"\)$/m);
  }, 30_000);
});
