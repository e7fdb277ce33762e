/**
 * Resource stats from the REAL Docker engine: a busybox "pod" container spinning a CPU loop
 * with 32 MiB in /dev/shm shows non-zero CPU and memory through DockerRuntime.containerStats
 * and the sampler, next to this machine's real /proc. Skipped with a reason without an
 * engine, unless SKIFF_REQUIRE_DOCKER=1, where that fails.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerRuntime } from '../runtime/docker.ts';
import { containerLabels, containerName, LABEL_NODE } from '../runtime/labels.ts';
import { ensureTestImage, eventually } from '../test-support.ts';
import { ResourceSampler } from './sampler.ts';

const IMAGE = 'skiff-test/busybox:1';
const runtime = new DockerRuntime();
const dockerError = await runtime.version().then(() => undefined, (e: unknown) => (e instanceof Error ? e.message : String(e)));
const required = process.env['SKIFF_REQUIRE_DOCKER'] === '1';
if (dockerError && !required) console.warn(`skipping Docker resource stats tests: no Docker engine (${dockerError}); set SKIFF_REQUIRE_DOCKER=1 to make this a failure`);

describe.skipIf(!!dockerError && !required)('resource stats on real Docker', () => {
  const NODE = `stats-test-${process.pid}`;
  const pod = { uid: `uid-busy-${process.pid}`, namespace: 'default', name: 'busy' };

  beforeAll(async () => {
    if (dockerError) throw new Error(`SKIFF_REQUIRE_DOCKER=1 but Docker is not reachable: ${dockerError}`);
    await ensureTestImage(runtime, IMAGE);
    // tmpfs pages are not file cache that could be reclaimed: they stay in the working set.
    const cmd = 'dd if=/dev/zero of=/dev/shm/fill bs=1M count=32 2>/dev/null; while :; do :; done';
    const id = await runtime.createContainer({ name: `${containerName(pod, 'main', 0)}-${process.pid}`, image: IMAGE, labels: containerLabels(NODE, pod, 'main', 0), entrypoint: ['sh', '-c', cmd], env: [], networkMode: 'none' });
    await runtime.startContainer(id);
  }, 60_000);

  afterAll(async () => {
    for (const c of await runtime.listContainers({ [LABEL_NODE]: NODE }).catch(() => [])) await runtime.removeContainer(c.id).catch(() => undefined);
  });

  it('containerStats reads cumulative CPU and the working set of running containers only', async () => {
    const [s] = await eventually(async () => {
      const all = await runtime.containerStats({ [LABEL_NODE]: NODE });
      return all.length === 1 && all[0]!.memoryWorkingSetBytes > 32 * 2 ** 20 ? all : undefined;
    }, 15_000, 'the container with /dev/shm filled');
    expect(s!.labels['io.kubernetes.pod.name']).toBe('busy');
    expect(s!.cpuUsageNanoSeconds).toBeGreaterThan(0);
    expect(Math.abs(s!.readAt - Date.now())).toBeLessThan(60_000);
    expect(await runtime.containerStats({ [LABEL_NODE]: `${NODE}-nobody` })).toEqual([]);
  });

  it('the sampler turns two readings into non-zero CPU (nanocores) and memory for the pod and the node', async () => {
    const sampler = new ResourceSampler({ nodeName: NODE, runtime });
    await sampler.sampleNow();
    await new Promise((r) => setTimeout(r, 1500));
    await sampler.sampleNow();
    const l = sampler.latest();
    expect(l.pods).toHaveLength(1);
    const [c] = l.pods[0]!.containers;
    expect(c!.name).toBe('main');
    // A busy loop on a shared 2-core machine: well above 50 millicores, at most every core.
    expect(c!.cpuUsageNanoCores).toBeGreaterThan(50e6);
    expect(c!.memoryWorkingSetBytes).toBeGreaterThan(32 * 2 ** 20);
    expect(l.pods[0]!.windowSeconds).toBeGreaterThan(1);
    expect(l.node!.cpuUsageNanoCores).toBeGreaterThan(50e6);
    expect(l.node!.memoryWorkingSetBytes).toBeGreaterThan(c!.memoryWorkingSetBytes);
  });
});
