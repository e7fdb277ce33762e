/**
 * One GPU ledger per node for the two ways a pod gets GPUs. The node agent publishes every
 * healthy GPU twice: as one unit of Node allocatable `nvidia.com/gpu` and as one device of
 * its gpu.nvidia.com ResourceSlice. Counted separately, a GPU would be handed out twice, so:
 * - a classic `nvidia.com/gpu` limit fits where allocatable − classic requests − the devices
 *   DRA claims hold (allocated or in flight) still covers it (`draHeldGpus`);
 * - DRA may not take the GPUs classic pods hold (`classicHeldDevices`): the UUIDs the agent
 *   recorded in `skiff.dev/gpus`, and for pods whose pick is not recorded yet the devices
 *   the agent will pick, which it chooses deterministically (lowest index, then UUID, among
 *   devices no claim or classic pod holds). Predicting the exact devices, not only their
 *   number, keeps a DRA pod scheduled just after a classic pod off the GPU the agent is
 *   about to hand that classic pod.
 * Bound and assumed pods are both in NodeInfo, and in-flight allocations in DeviceState, so
 * pods placed back to back in one process see each other.
 *
 * A third way, DeviceClass extendedResourceName: an `nvidia.com/gpu` limit on a node whose
 * allocatable does not list nvidia.com/gpu is served by a generated ResourceClaim (its
 * devices count as DRA-held like any claim's). Such pods are not classic pods: counting their
 * limit here too would hold a second GPU for them.
 */
import { recordedGpus, type Pod, type ResourceSlice } from '@skiff/api';
import { deviceKey } from '../dra/index.ts';
import type { DeviceState } from './device-state.ts';
import type { NodeInfo } from './node-info.ts';
import { GPU } from './resource.ts';

export const GPU_DRIVER = 'gpu.nvidia.com';
/** Written by the node agent (pods/gpu-devices.ts): `{"<container>": ["GPU-…", …]}`. */

interface NodeGpu {
  key: string;
  uuid: string | undefined;
  index: number;
  name: string;
  mig: boolean;
}

const NONE: ReadonlySet<string> = new Set();

const EMPTY: readonly ResourceSlice[] = [];
/** By slice-array identity: DeviceState replaces a node's array whenever one of its slices changes. */
const gpusBySlices = new WeakMap<readonly ResourceSlice[], NodeGpu[]>();

/** The node's own gpu.nvidia.com devices, newest generation of each pool only (as the allocator counts them), in pick order. */
function nodeGpus(devices: DeviceState, node: string): NodeGpu[] {
  const all = devices.snapshot.slicesByNode.get(node) ?? EMPTY;
  let gpus = gpusBySlices.get(all);
  if (!gpus) gpusBySlices.set(all, (gpus = gpusOf(all)));
  return gpus;
}

function gpusOf(all: readonly ResourceSlice[]): NodeGpu[] {
  const slices = all.filter((s) => s.spec.driver === GPU_DRIVER);
  const newest = new Map<string, number>();
  for (const s of slices) newest.set(s.spec.pool.name, Math.max(newest.get(s.spec.pool.name) ?? -Infinity, s.spec.pool.generation));
  const out: NodeGpu[] = [];
  for (const s of slices) {
    if (s.spec.pool.generation !== newest.get(s.spec.pool.name)) continue;
    for (const d of s.spec.devices ?? []) {
      const a = d.attributes ?? {};
      out.push({
        key: deviceKey({ driver: GPU_DRIVER, pool: s.spec.pool.name, device: d.name }),
        uuid: a['uuid']?.string,
        index: a['index']?.int ?? Number.MAX_SAFE_INTEGER,
        name: d.name,
        mig: a['type']?.string === 'mig',
      });
    }
  }
  // The agent's order for classic picks (pods/gpu-devices.ts #classic): lowest index, then UUID.
  return out.sort((a, b) => a.index - b.index || (a.uuid ?? '').localeCompare(b.uuid ?? '') || a.name.localeCompare(b.name));
}

/** The pod's nvidia.com/gpu is mapped to its extended-resource claim (pod.status.extendedResourceClaimStatus). */
function servedByClaim(pod: Pod): boolean {
  return (pod.status?.extendedResourceClaimStatus?.requestMappings ?? []).some((m) => m.resourceName === GPU);
}

const draTaken = (devices: DeviceState, key: string): boolean => devices.snapshot.allocated.has(key) || devices.inFlightDevices.has(key);

/** How many of the node's GPUs DRA claims hold, allocated or in flight. */
export function draHeldGpus(devices: DeviceState, node: string): number {
  let n = 0;
  for (const g of nodeGpus(devices, node)) if (draTaken(devices, g.key)) n++;
  return n;
}

/** Device keys on the node that classic `nvidia.com/gpu` pods hold or are about to be given. */
export function classicHeldDevices(devices: DeviceState, node: NodeInfo): ReadonlySet<string> {
  // No nvidia.com/gpu in allocatable: no pod here gets GPUs the classic way (see above).
  if (!(node.requested.get(GPU) > 0) || !(node.allocatable.get(GPU) > 0)) return NONE;
  const gpus = nodeGpus(devices, node.name);
  if (!gpus.length) return NONE;
  const byUuid = new Map<string, string>();
  for (const g of gpus) if (g.uuid) byUuid.set(g.uuid, g.key);
  const held = new Set<string>();
  let pending = 0;
  for (const p of node.pods.values()) {
    const want = p.requests.get(GPU);
    if (want <= 0 || servedByClaim(p.pod)) continue;
    const recorded = recordedGpus(p.pod);
    for (const u of recorded) {
      const k = byUuid.get(u);
      if (k) held.add(k);
    }
    pending += Math.max(0, want - recorded.length);
  }
  if (pending === 0) return held;
  for (const g of gpus) {
    if (pending === 0) break;
    if (g.mig || held.has(g.key) || draTaken(devices, g.key)) continue;
    held.add(g.key);
    pending--;
  }
  return held;
}
