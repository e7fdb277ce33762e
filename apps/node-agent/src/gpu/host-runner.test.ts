import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_NOT_FOUND, EXIT_TIMEOUT, hostRunner } from './host-runner.ts';

describe('hostRunner', () => {
  const r = hostRunner();
  it('runs asynchronously and reports exit codes, missing binaries and timeouts as codes', async () => {
    expect(await r.run('sh', ['-c', 'echo out; echo err >&2; exit 3'], 5000)).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
    expect((await r.run('definitely-not-nvidia-smi', [], 5000)).code).toBe(EXIT_NOT_FOUND);
    const started = Date.now();
    expect((await r.run('sleep', ['10'], 100)).code).toBe(EXIT_TIMEOUT);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reads files, folders and links, undefined/empty when absent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gpu-'));
    await writeFile(join(dir, 'vendor'), '0x10de\n');
    await symlink('../../../bus/pci/drivers/nvidia', join(dir, 'driver'));
    expect(await r.readFile(join(dir, 'vendor'))).toBe('0x10de\n');
    expect(await r.readdir(dir)).toEqual(['driver', 'vendor']);
    expect(await r.readlink(join(dir, 'driver'))).toBe('../../../bus/pci/drivers/nvidia');
    expect(await r.readFile(join(dir, 'nope'))).toBeUndefined();
    expect(await r.readdir(join(dir, 'nope'))).toEqual([]);
  });
});
