/**
 * skiff doctor on the real H100 captures (../shared/fixtures/gpu) and the hand-made variants
 * (node-agent gpu/testdata), with made-up GET /info bodies for each passthrough path.
 */
import { describe, expect, it } from 'vitest';
import { captureRunner } from '../../../node-agent/src/gpu/index.ts';
import { H100, testdata } from '../../../node-agent/src/gpu/test-fixtures.ts';
import { formatChecks, type Check } from './check.ts';
import type { DockerApi, TestContainerSpec } from './docker-api.ts';
import { runDoctor } from './run.ts';

const UUID = 'GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b';
/** The H100's engine: Debian's docker.io 20.10, no NVIDIA runtime, no CDI (the fixture README). */
const DEBIAN_20_10 = { ServerVersion: '20.10.24+dfsg1', OperatingSystem: 'Debian GNU/Linux 12 (bookworm)', CgroupVersion: '2', CgroupDriver: 'systemd', Runtimes: { runc: {} } };

function fakeDocker(info: Record<string, unknown> | Error, run?: (s: TestContainerSpec) => { exitCode: number; output: string }): DockerApi & { runs: TestContainerSpec[] } {
  const runs: TestContainerSpec[] = [];
  return {
    endpoint: 'unix:///var/run/docker.sock',
    runs,
    info: async () => (info instanceof Error ? Promise.reject(info) : info),
    run: async (s) => (runs.push(s), run ? run(s) : { exitCode: 0, output: `GPU 0: NVIDIA H100 80GB HBM3 (UUID: ${UUID})\r\n` }),
  };
}

const byName = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

describe('runDoctor', () => {
  it('the H100 with Docker 20.10: everything OK, raw path with the driver files it found', async () => {
    const checks = await runDoctor({ runner: captureRunner(testdata('h100-host'), H100()), docker: fakeDocker(DEBIAN_20_10) });
    expect(checks.map((c) => [c.name, c.status, c.detail])).toEqual([
      ['Docker engine', 'OK', 'reachable at unix:///var/run/docker.sock, version 20.10.24+dfsg1 (Debian GNU/Linux 12 (bookworm))'],
      ['cgroups', 'OK', 'v2, driver systemd'],
      ['NVIDIA GPUs', 'OK', `1 × NVIDIA H100 80GB HBM3 (${UUID})`],
      ['kernel module', 'OK', 'nvidia 580.159.04 (/proc/driver/nvidia/version)'],
      ['NVIDIA driver', 'OK', '580.159.04, CUDA 13.0'],
      ['nvidia-smi', 'OK', 'answers (nvidia-smi)'],
      ['device nodes', 'OK', '/dev/nvidiactl, /dev/nvidia0, /dev/nvidia-uvm, /dev/nvidia-uvm-tools'],
      ['passthrough', 'OK', 'raw (/dev/nvidia* device nodes plus read-only binds of the driver files): libnvidia-ml.so.1, libcuda.so.1, libnvidia-ptxjitcompiler.so.1, nvidia-smi'],
    ]);
  });

  it('the path follows GET /info: CDI when the engine lists nvidia devices, the runtime (warned under systemd) when registered', async () => {
    const cdi = await runDoctor({ runner: captureRunner(H100()), docker: fakeDocker({ ...DEBIAN_20_10, ServerVersion: '28.3.0', DiscoveredDevices: [{ Source: 'cdi', ID: `nvidia.com/gpu=${UUID}` }] }) });
    expect(byName(cdi)['passthrough']).toMatchObject({ status: 'OK', detail: 'CDI (the engine resolves nvidia.com/gpu=<uuid>)' });
    const rt = byName(await runDoctor({ runner: captureRunner(H100()), docker: fakeDocker({ ...DEBIAN_20_10, Runtimes: { runc: {}, nvidia: {} } }) }))['passthrough']!;
    expect(rt.status).toBe('WARN');
    expect(rt.fix).toMatch(/daemon-reload .*nvidia-ctk cdi generate/);
  });

  it('driver upgraded without a reboot: FAIL with the fix', async () => {
    const checks = byName(await runDoctor({ runner: captureRunner(testdata('driver-mismatch'), H100()), docker: fakeDocker(DEBIAN_20_10) }));
    expect(checks['NVIDIA driver']).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/^DriverLibraryVersionMismatch/) });
    expect(checks['NVIDIA driver']!.fix).toMatch(/reboot/);
  });

  it('no nvidia-smi and no /dev/nvidia-uvm yet: WARNs with what to run', async () => {
    const checks = byName(await runDoctor({ runner: captureRunner(testdata('sysfs-only')), docker: fakeDocker(DEBIAN_20_10) }));
    expect(checks['nvidia-smi']).toMatchObject({ status: 'WARN' });
    expect(checks['device nodes']).toMatchObject({ status: 'WARN', fix: 'sudo nvidia-modprobe -u -c=0, or run any CUDA program once on the host.' });
  });

  it('a card bound to vfio-pci: WARN naming it', async () => {
    const checks = byName(await runDoctor({ runner: captureRunner(testdata('vfio-bound'), H100()), docker: fakeDocker(DEBIAN_20_10) }));
    expect(checks['NVIDIA GPUs']).toMatchObject({ status: 'WARN', detail: expect.stringMatching(/1 usable .* 1 not usable: GpuBoundToVfio/) });
  });

  it('no engine: FAIL with how to start it; the passthrough path is unknown', async () => {
    const e = Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' });
    const checks = await runDoctor({ runner: captureRunner(H100()), docker: fakeDocker(e) });
    const text = formatChecks(checks);
    expect(text).toMatch(/^FAIL  Docker engine +not reachable at unix:\/\/\/var\/run\/docker\.sock: connect ENOENT \/var\/run\/docker\.sock\n +fix: start Docker \(sudo systemctl start docker\)/);
    expect(byName(checks)['passthrough']).toMatchObject({ status: 'WARN', detail: 'unknown: the Docker engine is not reachable' });
  });

  it('a machine without NVIDIA hardware: one WARN, no FAIL', async () => {
    const checks = await runDoctor({ runner: captureRunner('/nonexistent'), docker: fakeDocker(DEBIAN_20_10) });
    expect(checks.map((c) => [c.name, c.status])).toEqual([['Docker engine', 'OK'], ['cgroups', 'OK'], ['NVIDIA GPUs', 'WARN']]);
  });

  it('--run-test-container: the agent\'s raw config, nvidia-smi -L must list the UUID; NVML errors are diagnosed', async () => {
    const docker = fakeDocker(DEBIAN_20_10);
    const checks = await runDoctor({ runner: captureRunner(testdata('h100-host'), H100()), docker, testImage: 'ubuntu:24.04' });
    expect(byName(checks)['test container']).toMatchObject({ status: 'OK', detail: `nvidia-smi -L in ubuntu:24.04 (raw) lists ${UUID}` });
    const spec = docker.runs[0]!;
    expect(spec.cmd).toEqual(['nvidia-smi', '-L']);
    expect(spec.env).toContain(`NVIDIA_VISIBLE_DEVICES=${UUID}`);
    expect((spec.hostConfig['Devices'] as { PathOnHost: string }[]).map((d) => d.PathOnHost)).toContain('/dev/nvidia0');

    const lost = fakeDocker(DEBIAN_20_10, () => ({ exitCode: 255, output: 'Failed to initialize NVML: Unknown Error\r\n' }));
    const bad = byName(await runDoctor({ runner: captureRunner(H100()), docker: lost, testImage: 'ubuntu:24.04' }))['test container']!;
    expect(bad).toMatchObject({ status: 'FAIL', detail: 'nvidia-smi -L in ubuntu:24.04 (raw) exited 255: Failed to initialize NVML: Unknown Error' });
    expect(bad.fix).toMatch(/device-cgroup access/);
  });
});
