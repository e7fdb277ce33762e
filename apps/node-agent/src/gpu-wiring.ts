/**
 * GPU discovery turned into what the agent needs (agent.ts GpuWiring): the Node's view
 * (nvidia.com/gpu count, GPU conditions, simulated flag), the per-container device
 * decisions, and the ResourceSlice kept current after each heartbeat. The passthrough mode
 * is chosen once from Docker's GET /info (`env-only` for simulated GPUs). `usage` is what
 * the resource sampler (stats/) reads GPU use and holders from.
 */
import type { KubeObject, Node, Pod } from '@skiff/api';
import { isAlreadyExists, isNotFound, type RestClient } from '@skiff/client';
import type { Logger } from '@skiff/logging';
import type { GpuWiring } from './agent.ts';
import { classicGpuCount, discoverGpus, findDriverLibs, hostRunner, loadSimulatedGpus, nodeGpuConditions, passthroughModeFromDockerInfo, resourceSliceFor, type GpuInventory } from './gpu/index.ts';
import type { EventSink } from './events/recorder.ts';
import { GpuHealthMonitor, type GpuHealthChange } from './gpu/health-monitor.ts';
import { GpuDevices } from './pods/gpu-devices.ts';
import { GpuLiveness } from './pods/gpu-liveness.ts';
import { RESOURCE_SLICES } from './refs.ts';
import type { ContainerRuntime } from './runtime/runtime.ts';
import { simulatedUsage, smiUsage, type GpuUsageSource } from './stats/gpu-usage.ts';

export interface GpuWiringOptions {
  client: RestClient;
  runtime: ContainerRuntime;
  nodeName: string;
  log: Logger;
  simulateDir?: string | undefined;
  /** How often GPUs are rediscovered and GPU containers checked for a lost GPU (default 30 s). */
  healthIntervalMs?: number | undefined;
  /** The pods bound to this node; set once the pod manager exists. */
  pods: () => Pod[];
}

/** Node event reasons for GPU health changes (stable: users filter on them). */
const CHANGE_REASONS: Record<GpuHealthChange['kind'], string> = { lost: 'GPULost', unhealthy: 'GPUUnhealthy', recovered: 'GPUHealthy', appeared: 'GPUAppeared' };

export async function gpuWiring(o: GpuWiringOptions): Promise<{ wiring: GpuWiring; inventory: GpuInventory; usage: GpuUsageSource | undefined }> {
  const runner = hostRunner();
  const inventory = o.simulateDir ? await loadSimulatedGpus(o.simulateDir) : await discoverGpus(runner);
  const mode = inventory.simulated ? 'env-only' : passthroughModeFromDockerInfo(await o.runtime.info().catch(() => ({})));
  const driverLibs = mode === 'raw' && !inventory.simulated ? await findDriverLibs(runner, inventory.driverVersion) : { libs: [] };
  o.log.info({ gpus: inventory.devices.length, source: inventory.source, mode, simulated: inventory.simulated }, 'GPU discovery');
  // Real GPUs only: a capture cannot change, and env-only containers have no device to lose.
  const monitor = inventory.simulated || inventory.source === 'none' ? undefined : new GpuHealthMonitor({ runner, inventory, intervalMs: o.healthIntervalMs });
  await monitor?.baseline();
  let generation = 0;
  let published = '';
  const sync = async (node: Node, events: EventSink): Promise<void> => {
    // Not awaited: a hanging nvidia-smi (15 s per call) must not hold up the Lease renewal.
    // What it changes reaches the Node conditions and the slice on the next beat.
    void monitor?.maybeRefresh().then(
      (changes) => {
        for (const change of changes) {
          o.log.warn({ change }, 'GPU health changed');
          events.event(node, change.kind === 'recovered' || change.kind === 'appeared' ? 'Normal' : 'Warning', CHANGE_REASONS[change.kind], change.message);
        }
      },
      (e: unknown) => o.log.warn({ err: e }, 'GPU health check failed'),
    );
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
  const devices = new GpuDevices({ client: o.client, nodeName: o.nodeName, inventory, mode, driverLibs, pods: o.pods });
  const holders = () => devices.holders();
  const usage = inventory.simulated ? simulatedUsage(inventory, holders) : inventory.source === 'none' ? undefined : smiUsage({ runner, inventory, holders });
  const wiring: GpuWiring = {
    view: () => ({ count: classicGpuCount(inventory), simulated: inventory.simulated, conditions: nodeGpuConditions(inventory) }),
    devices,
    sync,
    ...(mode === 'env-only' ? {} : { health: (enqueue: (podKey: string) => void) => new GpuLiveness({ runtime: o.runtime, onLost: enqueue, intervalMs: o.healthIntervalMs }) }),
  };
  return { wiring, inventory, usage };
}
