/**
 * NodeResourcesFit: the pod's requests (cpu, memory, ephemeral-storage, pods and extended
 * resources such as nvidia.com/gpu) must fit in the node's allocatable minus what bound and
 * assumed pods already request. For nvidia.com/gpu, also minus the GPUs DRA claims hold on
 * the node (cache/gpu-ledger.ts): the agent publishes each GPU both ways. Scoring strategy:
 * LeastAllocated (spread) by default, but MostAllocated (bin-packing) for pods that want
 * GPU pod.
 *
 * Extended resources served through DRA (DeviceClass spec.extendedResourceName, KEP-5004):
 * on a node whose allocatable does not list the resource but a class maps it, the request is
 * not counted here; DynamicResources allocates devices of that class for it instead (and
 * rejects the node if there are none). A node that lists it keeps the classic path.
 */
import type { DeviceState } from '../../cache/device-state.ts';
import { draHeldGpus } from '../../cache/gpu-ledger.ts';
import type { NodeInfo } from '../../cache/node-info.ts';
import type { PodInfo } from '../../cache/pod-info.ts';
import { CPU, GPU, MEMORY } from '../../cache/resource.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { EnqueueExtensions, FilterPlugin, ScorePlugin } from '../../framework/interface.ts';
import { MAX_NODE_SCORE } from '../../framework/interface.ts';
import { SUCCESS, unschedulable, type Status } from '../../framework/status.ts';
import { ev } from '../../queue/events.ts';
import { NodeResourcesFit as NAME } from '../names.ts';

export type ScoringStrategy = 'LeastAllocated' | 'MostAllocated';

export interface NodeResourcesFitArgs {
  /** For pods that request no GPU. */
  scoringStrategy?: ScoringStrategy;
  /** For pods that request GPUs (extended resource or DRA claims). */
  gpuScoringStrategy?: ScoringStrategy;
  /** Extended resources whose absence on a node is not a rejection (none by default). */
  ignoredResources?: string[];
}

/** No device plugin on the node lists the resource, and a DeviceClass serves it: DynamicResources' job. */
function servedByDra(devices: DeviceState | undefined, node: NodeInfo, name: string): boolean {
  return devices !== undefined && !(node.allocatable.get(name) > 0) && devices.draBacked(name);
}

/** `draGpus`: the node's GPUs DRA claims hold, used on top of what pods request. */
export function insufficientResources(pod: PodInfo, node: NodeInfo, ignored?: ReadonlySet<string>, draGpus = 0, devices?: DeviceState): string[] {
  const out: string[] = [];
  if (node.pods.size + 1 > node.allowedPods) out.push('Too many pods');
  const req = pod.requests;
  const alloc = node.allocatable;
  const used = node.requested;
  if (req.cpu > 0 && req.cpu > alloc.cpu - used.cpu) out.push('Insufficient cpu');
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) out.push('Insufficient memory');
  if (req.ephemeral > 0 && req.ephemeral > alloc.ephemeral - used.ephemeral) out.push('Insufficient ephemeral-storage');
  if (req.scalar) {
    for (const [name, v] of req.scalar) {
      if (v <= 0 || ignored?.has(name)) continue;
      if (v > alloc.get(name) - used.get(name) - (name === GPU ? draGpus : 0) && !servedByDra(devices, node, name)) out.push(`Insufficient ${name}`);
    }
  }
  return out;
}

/** Allocation-free yes (the hot path); a no is re-checked by insufficientResources for the reasons. */
function fitsQuickly(pod: PodInfo, node: NodeInfo, draGpus: number, devices: DeviceState | undefined): boolean {
  if (node.pods.size + 1 > node.allowedPods) return false;
  const req = pod.requests;
  const free = node.allocatable;
  const used = node.requested;
  if (req.cpu > free.cpu - used.cpu && req.cpu > 0) return false;
  if (req.memory > free.memory - used.memory && req.memory > 0) return false;
  if (req.ephemeral > free.ephemeral - used.ephemeral && req.ephemeral > 0) return false;
  if (req.scalar) for (const [name, v] of req.scalar) if (v > 0 && v > free.get(name) - used.get(name) - (name === GPU ? draGpus : 0) && !servedByDra(devices, node, name)) return false;
  return true;
}

export class NodeResourcesFitPlugin implements FilterPlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;
  readonly #strategy: ScoringStrategy;
  readonly #gpuStrategy: ScoringStrategy;
  readonly #ignored: ReadonlySet<string>;
  readonly #devices: DeviceState | undefined;

  /** `devices`: the cache's DRA view; without it GPUs held by claims are not counted. */
  constructor(args: NodeResourcesFitArgs = {}, devices?: DeviceState) {
    this.#devices = devices;
    this.#strategy = args.scoringStrategy ?? 'LeastAllocated';
    this.#gpuStrategy = args.gpuScoringStrategy ?? 'MostAllocated';
    this.#ignored = new Set(args.ignoredResources ?? []);
  }

  events() {
    // A claim released (allocation cleared, or deleted) gives GPUs back to classic pods; a
    // DeviceClass with extendedResourceName can make an "Insufficient" resource DRA's to serve.
    return [ev('Node', 'Add'), ev('Node', 'Update'), ev('Pod', 'Delete'), ev('ResourceClaim', 'Update'), ev('ResourceClaim', 'Delete'), ev('DeviceClass')];
  }

  #draGpus(node: NodeInfo): number {
    return this.#devices && node.allocatable.get(GPU) > 0 ? draHeldGpus(this.#devices, node.name) : 0;
  }

  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const draGpus = pod.requests.get(GPU) > 0 && !this.#ignored.has(GPU) ? this.#draGpus(node) : 0;
    if (fitsQuickly(pod, node, draGpus, this.#devices)) return SUCCESS;
    const reasons = insufficientResources(pod, node, this.#ignored, draGpus, this.#devices);
    return reasons.length ? unschedulable(...reasons) : SUCCESS;
  }

  score(_s: CycleState, pod: PodInfo, node: NodeInfo): number {
    const most = (pod.wantsGpu ? this.#gpuStrategy : this.#strategy) === 'MostAllocated';
    let sum = 0;
    let weights = 0;
    const add = (requested: number, capacity: number): void => {
      if (capacity <= 0) return;
      const r = Math.min(requested, capacity);
      sum += most ? (r * MAX_NODE_SCORE) / capacity : ((capacity - r) * MAX_NODE_SCORE) / capacity;
      weights++;
    };
    add(node.nonZeroCpu + pod.nonZeroCpu, node.allocatable.get(CPU));
    add(node.nonZeroMemory + pod.nonZeroMemory, node.allocatable.get(MEMORY));
    if (pod.wantsGpu) add(node.requested.get(GPU) + this.#draGpus(node) + pod.requests.get(GPU), node.allocatable.get(GPU));
    return weights ? sum / weights : 0;
  }
}
