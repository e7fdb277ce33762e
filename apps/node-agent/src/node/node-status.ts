/**
 * The Node object's status and labels as the kubelet computes them (k8s-api.md 5.5):
 * capacity/allocatable (allocatable = capacity minus the kubelet's default hard eviction
 * thresholds: memory.available 100Mi, nodefs.available 10%), addresses, nodeInfo, and the
 * Ready/MemoryPressure/DiskPressure/PIDPressure conditions plus the GPU module's own.
 * Pure: the reporter decides when to post.
 */
import type { Node } from '@skiff/api';
import { nowRfc3339 } from '@skiff/api';
import { KUBELET_VERSION } from '../refs.ts';
import type { PressureFacts, StaticFacts } from './facts.ts';

type NodeStatus = NonNullable<Node['status']>;
export type NodeCondition = NonNullable<NodeStatus['conditions']>[number];

export const MAX_PODS = 110;
const MEMORY_EVICTION_BYTES = 100 * 1024 * 1024;
export const GPU_RESOURCE = 'nvidia.com/gpu';
export const SIMULATED_GPUS_LABEL = 'skiff.dev/simulated-gpus';

/** What the node status needs from GPU discovery (filled from the GPU module's inventory). */
export interface NodeGpuView {
  count: number;
  simulated: boolean;
  conditions: NodeCondition[];
}

export interface NodeStatusInput {
  facts: StaticFacts;
  pressure: PressureFacts;
  runtimeVersion: string | undefined;
  runtimeError?: string | undefined;
  gpus: NodeGpuView;
  now: number;
  previous?: NodeCondition[] | undefined;
  /** Where the agent's kubelet port (server/) listens; 10250 when not given. */
  kubeletPort?: number | undefined;
}

export function nodeLabels(nodeName: string, facts: StaticFacts, gpus: NodeGpuView): Record<string, string> {
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': facts.operatingSystem,
    'kubernetes.io/arch': facts.architecture,
    'beta.kubernetes.io/os': facts.operatingSystem,
    'beta.kubernetes.io/arch': facts.architecture,
  };
  if (gpus.simulated) labels[SIMULATED_GPUS_LABEL] = 'true';
  return labels;
}

function cond(type: string, isTrue: boolean, reason: string, message: string): Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'> {
  return { type, status: isTrue ? 'True' : 'False', reason, message };
}

export function nodeConditions(i: NodeStatusInput): NodeCondition[] {
  const p = i.pressure;
  const memPressure = p.memoryAvailableBytes > 0 && p.memoryAvailableBytes < MEMORY_EVICTION_BYTES;
  const diskPressure = p.diskTotalBytes > 0 && p.diskAvailableBytes < p.diskTotalBytes * 0.1;
  const pidPressure = p.pidMax > 0 && p.pidsInUse > p.pidMax * 0.95;
  const ready = !i.runtimeError;
  const list = [
    cond('MemoryPressure', memPressure, memPressure ? 'KubeletHasInsufficientMemory' : 'KubeletHasSufficientMemory', `kubelet has ${memPressure ? 'insufficient' : 'sufficient'} memory available`),
    cond('DiskPressure', diskPressure, diskPressure ? 'KubeletHasDiskPressure' : 'KubeletHasNoDiskPressure', diskPressure ? 'kubelet has disk pressure' : 'kubelet has no disk pressure'),
    cond('PIDPressure', pidPressure, pidPressure ? 'KubeletHasInsufficientPID' : 'KubeletHasSufficientPID', `kubelet has ${pidPressure ? 'insufficient' : 'sufficient'} PID available`),
    cond('Ready', ready, ready ? 'KubeletReady' : 'KubeletNotReady', ready ? 'kubelet is posting ready status' : `container runtime is down: ${i.runtimeError}`),
    ...i.gpus.conditions,
  ];
  const now = nowRfc3339(i.now);
  return list.map((c) => {
    const old = i.previous?.find((o) => o.type === c.type);
    const lastTransitionTime = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now;
    return { ...c, lastHeartbeatTime: now, lastTransitionTime };
  });
}

export function nodeStatus(i: NodeStatusInput): NodeStatus {
  const f = i.facts;
  const disk = i.pressure.diskTotalBytes;
  const capacity: Record<string, string> = {
    cpu: String(f.cpuCores),
    memory: `${Math.floor(f.memoryBytes / 1024)}Ki`,
    pods: String(MAX_PODS),
    'ephemeral-storage': `${Math.floor(disk / 1024)}Ki`,
  };
  const allocatable: Record<string, string> = {
    ...capacity,
    memory: `${Math.max(0, Math.floor((f.memoryBytes - MEMORY_EVICTION_BYTES) / 1024))}Ki`,
    'ephemeral-storage': String(Math.floor(disk * 0.9)),
  };
  if (i.gpus.count > 0 || i.gpus.simulated) {
    capacity[GPU_RESOURCE] = String(i.gpus.count);
    allocatable[GPU_RESOURCE] = String(i.gpus.count);
  }
  return {
    capacity,
    allocatable,
    conditions: nodeConditions(i),
    addresses: [
      { type: 'InternalIP', address: f.internalIP },
      { type: 'Hostname', address: f.hostname },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: i.kubeletPort ?? 10250 } },
    nodeInfo: {
      machineID: f.machineID,
      systemUUID: f.systemUUID,
      bootID: f.bootID,
      kernelVersion: f.kernelVersion,
      osImage: f.osImage,
      containerRuntimeVersion: i.runtimeVersion ? `docker://${i.runtimeVersion}` : 'docker://unknown',
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: '',
      operatingSystem: f.operatingSystem,
      architecture: f.architecture,
    },
  };
}

/** Same status apart from heartbeat times: no need to post before the report interval. */
export function sameStatus(a: NodeStatus | undefined, b: NodeStatus): boolean {
  if (!a) return false;
  const strip = (s: NodeStatus): unknown => ({ ...s, conditions: (s.conditions ?? []).map(({ lastHeartbeatTime: _h, ...c }) => c) });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
