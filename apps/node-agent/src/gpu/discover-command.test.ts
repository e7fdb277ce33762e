import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { discoverCommand } from './index.ts';
import { H100, testdata } from './test-fixtures.ts';

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } } };
}

describe('skiff node-agent discover', () => {
  it('--from the H100 capture prints devices, versions, problems and the slice', async () => {
    const { out, io: streams } = io();
    expect(await discoverCommand(['--from', H100(), '--node-name', 'h100'], streams)).toBe(0);
    expect(out.stdout).toContain('Driver:  580.159.04');
    expect(out.stdout).toContain('CUDA:    13.0');
    expect(out.stdout).toContain('[0] NVIDIA H100 80GB HBM3  GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b  /dev/nvidia0  0000:00:06.0  81559 MiB  Hopper, compute 9.0  healthy');
    expect(out.stdout).toContain('Problems: none');
    const slice = parse(out.stdout.split('---\n')[1]!);
    expect(slice).toMatchObject({ kind: 'ResourceSlice', spec: { pool: { name: 'h100' }, devices: [{ name: 'gpu-0', capacity: { memory: { value: '81559Mi' } } }] } });
  });

  it('-o json and -o yaml carry inventory, conditions and slice; problems are printed, exit stays 0', async () => {
    const a = io();
    expect(await discoverCommand(['--from', testdata('sysfs-only'), '-o', 'json'], a.io)).toBe(0);
    const j = JSON.parse(a.out.stdout);
    expect(j.inventory.source).toBe('sysfs');
    expect(j.inventory.problems.map((p: { reason: string }) => p.reason)).toContain('NvidiaSmiNotFound');
    expect(j.resourceSlice.spec.devices).toHaveLength(2);
    const b = io();
    expect(await discoverCommand(['--from=' + testdata('sysfs-only'), '-o', 'yaml'], b.io)).toBe(0);
    expect(parse(b.out.stdout).conditions[0].type).toBe('GPUDriverReady');
  });

  it('usage errors exit 2', async () => {
    const { out, io: streams } = io();
    expect(await discoverCommand(['--bogus'], streams)).toBe(2);
    expect(await discoverCommand(['-o', 'wide'], streams)).toBe(2);
    expect(out.stderr).toContain('usage:');
  });

  it('on this machine (no GPU here) it still answers', async () => {
    const { out, io: streams } = io();
    expect(await discoverCommand(['-o', 'json', '--timeout', '5000'], streams)).toBe(0);
    expect(JSON.parse(out.stdout).resourceSlice.kind).toBe('ResourceSlice');
  });
});
