/**
 * Agent stats → metrics.k8s.io/v1beta1 objects, as metrics-server shapes them: name and labels
 * of the Node or Pod, creationTimestamp = now, CPU as a canonical quantity of nanocores
 * (`250m`, `1234567n`), memory in bytes as a binary quantity (`64Mi`), the window as a Go
 * duration. The GPU fields are Skiff's extension (packages/api kinds/metrics.ts).
 */
import { formatQuantity, goDurationString, nowRfc3339, Quantity, quantityFromInt, type GpuUsage, type Node, type NodeMetrics, type Pod, type PodMetrics } from '@skiff/api';
import type { AgentStats, GpuUse, PodUse } from './agent-stats.ts';

const API_VERSION = 'metrics.k8s.io/v1beta1';

const cpu = (nanocores: number): string => formatQuantity(new Quantity(BigInt(Math.round(nanocores))));
const bytes = (n: number): string => formatQuantity(quantityFromInt(Math.round(n), 'BinarySI'));
const window = (seconds: number): string => goDurationString(seconds * 1e9);

function gpuUsage(d: GpuUse, withHolders: boolean): GpuUsage {
  return {
    uuid: d.uuid,
    index: d.index,
    model: d.name,
    ...(d.utilizationPercent !== undefined ? { utilizationPercent: Math.round(d.utilizationPercent) } : {}),
    ...(d.memoryUsedBytes !== undefined ? { memoryUsed: bytes(d.memoryUsedBytes) } : {}),
    ...(d.memoryTotalBytes !== undefined ? { memoryTotal: bytes(d.memoryTotalBytes) } : {}),
    simulated: d.simulated,
    ...(withHolders ? { holders: d.holders } : {}),
  };
}

/** Undefined until the agent has two readings of the node's counters. */
export function nodeMetrics(node: Node, s: AgentStats, now: number): NodeMetrics | undefined {
  if (!s.node) return undefined;
  return {
    kind: 'NodeMetrics',
    apiVersion: API_VERSION,
    metadata: { name: node.metadata.name!, creationTimestamp: nowRfc3339(now), ...(node.metadata.labels ? { labels: node.metadata.labels } : {}) },
    timestamp: s.node.timestamp,
    window: window(s.node.windowSeconds),
    usage: { cpu: cpu(s.node.cpuUsageNanoCores), memory: bytes(s.node.memoryWorkingSetBytes) },
    ...(s.gpus.source !== 'none' ? { gpus: s.gpus.devices.map((d) => gpuUsage(d, true)) } : {}),
    ...(s.gpus.problem ? { gpuProblem: s.gpus.problem } : {}),
  };
}

export function podMetrics(pod: Pod, use: PodUse, gpus: GpuUse[], now: number): PodMetrics {
  const byUuid = new Map(gpus.map((d) => [d.uuid, d]));
  return {
    kind: 'PodMetrics',
    apiVersion: API_VERSION,
    metadata: { name: pod.metadata.name!, namespace: pod.metadata.namespace!, creationTimestamp: nowRfc3339(now), ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}) },
    timestamp: use.timestamp,
    window: window(use.windowSeconds),
    containers: use.containers.map((c) => {
      const held = c.gpus.map((u) => byUuid.get(u)).filter((d): d is GpuUse => d !== undefined);
      return { name: c.name, usage: { cpu: cpu(c.cpuUsageNanoCores), memory: bytes(c.memoryWorkingSetBytes) }, ...(held.length ? { gpus: held.map((d) => gpuUsage(d, false)) } : {}) };
    }),
  };
}
