/**
 * `--run-test-container`: the proof that matters — a container started with exactly the
 * config the agent would give a GPU pod (gpuContainerConfig for the chosen path) runs
 * `nvidia-smi -L` and lists the GPU by its UUID. A failure is named with the agent's own
 * diagnosis (diagnoseNvmlError: NVML Unknown Error, runtime missing, version mismatch…).
 */
import { diagnoseNvmlError, gpuContainerConfig } from '../../../node-agent/src/gpu/index.ts';
import { fail, ok, type Check } from './check.ts';
import type { DockerApi } from './docker-api.ts';
import type { GpuFacts } from './gpu-checks.ts';

const NAME = 'test container';

export async function testContainerCheck(docker: DockerApi, facts: GpuFacts, image: string, timeoutMs = 120_000): Promise<Check> {
  const gpu = facts.inv.devices.find((d) => d.healthy);
  if (!gpu || !facts.mode) return fail(NAME, 'not run: no usable GPU or no Docker engine', 'fix the checks above first.');
  const cfg = gpuContainerConfig(facts.mode, [gpu], { driverLibs: facts.driverLibs, inv: facts.inv });
  let r: { exitCode: number; output: string };
  try {
    r = await docker.run({ image, cmd: ['nvidia-smi', '-L'], env: cfg.Env, hostConfig: cfg.HostConfig }, timeoutMs);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return fail(NAME, `${image}: ${msg}`, diagnoseNvmlError(msg)?.message ?? 'check the image (it needs glibc on the raw path) and the Docker engine logs.');
  }
  const out = r.output.trim();
  if (r.exitCode === 0 && out.includes(gpu.uuid)) return ok(NAME, `nvidia-smi -L in ${image} (${facts.mode}) lists ${gpu.uuid}`);
  const diagnosis = diagnoseNvmlError(out);
  const firstLine = out.split('\n')[0] || '(no output)';
  return fail(NAME, `nvidia-smi -L in ${image} (${facts.mode}) exited ${r.exitCode}: ${firstLine}`, diagnosis?.message ?? 'the container did not see the GPU: compare with docs/gpu.md (Passthrough) and the agent log.');
}
