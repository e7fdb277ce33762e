/**
 * metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics (k8s.io/metrics), what `kubectl top`
 * reads: usage over the window [timestamp − window, timestamp], CPU in cores, memory as the
 * working set. Read-only, never stored: the api-server asks the node agents on each request
 * (apps/api-server/src/routes/metrics).
 *
 * Skiff extension, ignored by kubectl and every typed client: `gpus` on a NodeMetrics (each
 * GPU of the node with its use and holders) and on a container (the GPUs it holds), and
 * `gpuProblem` when the node could not read its GPUs. docs/gpu.md "GPU use".
 */
import { Type, type Static } from '@sinclair/typebox';
import { kindObject } from './kind-object.ts';
import { int, named, quantity, resourceList, str } from './helpers.ts';

const opt = Type.Optional;
const G = 'io.k8s.metrics.pkg.apis.metrics.v1beta1';

const timestamp = str('The following fields define time interval from which metrics were collected from the interval [Timestamp-Window, Timestamp].');
const window = str('Window is the duration (a Go duration string such as 10.012s) over which the usage was measured.');
const usage = resourceList('The memory usage is the memory working set.');

export const GpuHolderSchema = named('dev.skiff.metrics.v1beta1.GpuHolder', 'A container holding a GPU (Skiff extension).', {
  namespace: str('Namespace of the pod.'),
  pod: str('Name of the pod.'),
  container: str('Name of the container.'),
});

export const GpuUsageSchema = named('dev.skiff.metrics.v1beta1.GpuUsage', 'Use of one physical GPU over the last sample (Skiff extension; kubectl ignores it).', {
  uuid: str('The GPU UUID (GPU-…).'),
  index: int("nvidia-smi's index of the GPU on its node."),
  model: str('Product name, e.g. NVIDIA H100 80GB HBM3.'),
  utilizationPercent: opt(int('Percent of the sample period a kernel was running; absent where the driver reports N/A (MIG).')),
  memoryUsed: opt(quantity('Device memory in use.')),
  memoryTotal: opt(quantity('Device memory in total.')),
  simulated: Type.Boolean({ description: 'A --simulate-gpus device: nothing runs on it and nothing is measured; the zeros are not readings.' }),
  holders: opt(Type.Array(GpuHolderSchema, { description: 'The containers holding this GPU (or a MIG instance of it).' })),
});

export const GpuProblemSchema = named('dev.skiff.metrics.v1beta1.GpuProblem', 'Why the node could not read its GPUs (Skiff extension).', {
  reason: str('Stable CamelCase reason, as GPU discovery reports it (NvidiaSmiNotFound, NvidiaSmiTimeout, …).'),
  message: str('What happened, for people.'),
});

export const ContainerMetricsSchema = named(`${G}.ContainerMetrics`, 'ContainerMetrics sets resource usage metrics of a container.', {
  name: str('Container name corresponding to the one from pod.spec.containers.'),
  usage,
  gpus: opt(Type.Array(GpuUsageSchema, { description: 'The GPUs this container holds, with their use (Skiff extension).' })),
});

export const NodeMetricsSchema = kindObject({ group: 'metrics.k8s.io', version: 'v1beta1', kind: 'NodeMetrics' }, 'NodeMetrics sets resource usage metrics of a node.', {
  timestamp,
  window,
  usage,
  gpus: opt(Type.Array(GpuUsageSchema, { description: "Every GPU of the node with its use and holders (Skiff extension)." })),
  gpuProblem: opt(GpuProblemSchema),
});
export type NodeMetrics = Static<typeof NodeMetricsSchema>;

export const PodMetricsSchema = kindObject({ group: 'metrics.k8s.io', version: 'v1beta1', kind: 'PodMetrics' }, 'PodMetrics sets resource usage metrics of a pod.', {
  timestamp,
  window,
  containers: Type.Array(ContainerMetricsSchema, { description: 'Metrics for all containers are collected within the same time window.' }),
});
export type PodMetrics = Static<typeof PodMetricsSchema>;
export type ContainerMetrics = Static<typeof ContainerMetricsSchema>;
export type GpuUsage = Static<typeof GpuUsageSchema>;
