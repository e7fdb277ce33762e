import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNvidiaCdiSpec, passthroughModeFromDockerInfo } from './passthrough-mode.ts';
import { H100 } from './test-fixtures.ts';
import type { ToolRunner } from './types.ts';

/** The fixture prints /info as a Python dict; turn it into JSON. */
async function h100Info(): Promise<unknown> {
  const text = await readFile(join(H100(), 'docker-raw-passthrough.txt'), 'utf8');
  return JSON.parse(/^info (\{.*\})$/m.exec(text)![1]!.replaceAll("'", '"'));
}

const fsRunner = (files: Record<string, string>): ToolRunner => ({
  run: async () => ({ code: 127, stdout: '', stderr: '' }),
  readFile: async (p) => files[p],
  readdir: async (d) => Object.keys(files).filter((p) => p.startsWith(`${d}/`)).map((p) => p.slice(d.length + 1)),
  readlink: async () => undefined,
});

describe('passthroughModeFromDockerInfo', () => {
  it('the H100 engine (docker.io 20.10, runc only) gets the raw path', async () => {
    expect(passthroughModeFromDockerInfo(await h100Info())).toBe('raw');
  });

  it('DiscoveredDevices with nvidia CDI devices (Docker ≥ 28.2) → cdi', () => {
    const info = { DiscoveredDevices: [{ Source: 'cdi', ID: 'nvidia.com/gpu=0' }, { Source: 'cdi', ID: 'nvidia.com/gpu=all' }], Runtimes: { runc: {}, nvidia: {} } };
    expect(passthroughModeFromDockerInfo(info)).toBe('cdi');
  });

  it('CDISpecDirs → cdi only when one holds an nvidia spec', async () => {
    const info = { CDISpecDirs: ['/etc/cdi', '/var/run/cdi'], Runtimes: { runc: {} } };
    const withSpec = fsRunner({ '/etc/cdi/nvidia.yaml': 'cdiVersion: 0.5.0\nkind: nvidia.com/gpu\ndevices: []\n' });
    const otherSpec = fsRunner({ '/var/run/cdi/fpga.json': '{"kind":"vendor.com/fpga"}' });
    expect(passthroughModeFromDockerInfo(info, { nvidiaCdiSpec: await findNvidiaCdiSpec(withSpec, ['/etc/cdi', '/var/run/cdi']) })).toBe('cdi');
    expect(passthroughModeFromDockerInfo(info, { nvidiaCdiSpec: await findNvidiaCdiSpec(otherSpec, ['/etc/cdi', '/var/run/cdi']) })).toBe('raw');
  });

  it('Runtimes.nvidia without CDI → nvidia-runtime', () => {
    expect(passthroughModeFromDockerInfo({ Runtimes: { runc: { path: 'runc' }, nvidia: { path: 'nvidia-container-runtime' } }, CDISpecDirs: [] })).toBe('nvidia-runtime');
  });

  it('simulated inventories → env-only whatever the engine has; junk → raw', () => {
    expect(passthroughModeFromDockerInfo({ Runtimes: { nvidia: {} } }, { simulated: true })).toBe('env-only');
    expect(passthroughModeFromDockerInfo(null)).toBe('raw');
    expect(passthroughModeFromDockerInfo('nope')).toBe('raw');
  });
});
