/**
 * Everything the GPU view is computed from, read once: nodes (capacity, conditions, the
 * simulated label), gpu.nvidia.com ResourceSlices (the devices), ResourceClaims (who holds
 * a device through DRA) and pods (who holds one through a classic nvidia.com/gpu limit).
 * `skiff why` reads the same snapshot to name the pods that keep every GPU busy.
 */
import type { RestClient } from '@skiff/client';
import type { Loose } from '../describe/format.ts';
import { NODES, PODS, RESOURCE_CLAIMS, RESOURCE_SLICES } from './refs.ts';

export interface GpuSnapshot {
  nodes: Loose[];
  slices: Loose[];
  claims: Loose[];
  pods: Loose[];
}

export async function fetchGpuSnapshot(client: RestClient): Promise<GpuSnapshot> {
  const [nodes, slices, claims, pods] = await Promise.all([
    client.listAll(NODES),
    client.listAll(RESOURCE_SLICES),
    client.listAll(RESOURCE_CLAIMS),
    client.listAll(PODS),
  ]);
  return { nodes: nodes.items, slices: slices.items, claims: claims.items, pods: pods.items };
}
