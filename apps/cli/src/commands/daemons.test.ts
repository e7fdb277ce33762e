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
