/**
 * GPU discovery turned into what the agent needs (agent.ts GpuWiring): the Node's view
 * (nvidia.com/gpu count, GPU conditions, simulated flag), the per-container device
 * decisions, and the ResourceSlice kept current after each heartbeat. The passthrough mode
 * is chosen once from Docker's GET /info (`env-only` for simulated GPUs).
 */
import type { KubeObject, Pod } from '@skiff/api';
import { isAlreadyExists, isNotFound, type RestClient } from '@skiff/client';
import type { Logger } from '@skiff/logging';
import type { GpuWiring } from './agent.ts';
import { classicGpuCount, discoverGpus, findDriverLibs, hostRunner, loadSimulatedGpus, nodeGpuConditions, passthroughModeFromDockerInfo, resourceSliceFor, type GpuInventory } from './gpu/index.ts';
import { GpuDevices } from './pods/gpu-devices.ts';
import { RESOURCE_SLICES } from './refs.ts';
import type { ContainerRuntime } from './runtime/runtime.ts';

export interface GpuWiringOptions {
  client: RestClient;
  runtime: ContainerRuntime;
  nodeName: string;
  log: Logger;
  simulateDir?: string | undefined;
  /** The pods bound to this node; set once the pod manager exists. */
  pods: () => Pod[];
}

export async function gpuWiring(o: GpuWiringOptions): Promise<{ wiring: GpuWiring; inventory: GpuInventory }> {
  const runner = hostRunner();
  const inventory = o.simulateDir ? await loadSimulatedGpus(o.simulateDir) : await discoverGpus(runner);
  const mode = inventory.simulated ? 'env-only' : passthroughModeFromDockerInfo(await o.runtime.info().catch(() => ({})));
  const driverLibs = mode === 'raw' && !inventory.simulated ? await findDriverLibs(runner, inventory.driverVersion) : { libs: [] };
  o.log.info({ gpus: inventory.devices.length, source: inventory.source, mode, simulated: inventory.simulated }, 'GPU discovery');
  let generation = 0;
  let published = '';
  const sync = async (): Promise<void> => {
    if (inventory.devices.length === 0 && !inventory.simulated) return;
    const slice = resourceSliceFor(o.nodeName, inventory, generation + 1);
    const spec = JSON.stringify({ ...(slice.spec as object), pool: undefined });
    if (spec === published) return;
    try {
      const existing = await o.client.get<KubeObject>(RESOURCE_SLICES, slice.metadata.name!);
      const gen = ((existing.spec as { pool?: { generation?: number } } | undefined)?.pool?.generation ?? 0) + 1;
      const next = resourceSliceFor(o.nodeName, inventory, gen);
      next.metadata.resourceVersion = existing.metadata.resourceVersion;
      await o.client.update(RESOURCE_SLICES, next);
      generation = gen;
    } catch (e) {
      if (!isNotFound(e)) throw e;
      try {
        await o.client.create(RESOURCE_SLICES, slice);
        generation += 1;
      } catch (e2) {
        if (!isAlreadyExists(e2)) throw e2;
        return; // raced with ourselves: next beat updates it
      }
    }
    published = spec;
  };
  const wiring: GpuWiring = {
    view: () => ({ count: classicGpuCount(inventory), simulated: inventory.simulated, conditions: nodeGpuConditions(inventory) }),
    devices: new GpuDevices({ client: o.client, nodeName: o.nodeName, inventory, mode, driverLibs, pods: o.pods }),
    sync,
  };
  return { wiring, inventory };
}
