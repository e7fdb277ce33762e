/**
 * --simulate-gpus DIR: a capture (same layout as the fixtures) discovered as if it were this
 * machine, marked simulated everywhere it shows (inventory, slice attribute, passthrough
 * env-only), so a laptop can run the whole GPU scheduling path without a GPU.
 */
import { captureRunner } from './capture-runner.ts';
import { discoverGpus } from './discover.ts';
import type { GpuInventory } from './types.ts';

export async function loadSimulatedGpus(dir: string): Promise<GpuInventory> {
  const inv = await discoverGpus(captureRunner(dir), { captured: true });
  // The capture's device nodes do not exist here, and nothing will be passed through anyway.
  delete inv.deviceNodes;
  return { ...inv, source: 'simulated', simulated: true };
}
