/**
 * `skiff doctor` as a function of its inputs: a ToolRunner for the host (or a capture) and
 * a Docker API (or a fake), so tests drive it with the real H100 captures and a made-up
 * GET /info. Order: the engine first, then the GPU stack, then the optional test container.
 */
import type { ToolRunner } from '../../../node-agent/src/gpu/index.ts';
import type { Check } from './check.ts';
import type { DockerApi } from './docker-api.ts';
import { dockerChecks } from './docker-checks.ts';
import { gpuChecks } from './gpu-checks.ts';
import { testContainerCheck } from './test-container.ts';

export interface DoctorOptions {
  runner: ToolRunner;
  docker: DockerApi;
  /** Run a GPU test container with this image. */
  testImage?: string;
}

export async function runDoctor(o: DoctorOptions): Promise<Check[]> {
  const info = await o.docker.info().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  const checks = dockerChecks(info, o.docker.endpoint);
  const gpu = await gpuChecks(o.runner, info instanceof Error ? undefined : info);
  checks.push(...gpu.checks);
  if (o.testImage && gpu.facts.inv.devices.length) checks.push(await testContainerCheck(o.docker, gpu.facts, o.testImage));
  return checks;
}
