/** Object builders for tests and benchmarks: nodes, pods, GPU slices, classes, templates, gangs. */
import type { CoschedulingPodGroup, DeviceClass, Node, Pod, PodGroup, ResourceClaimTemplate, ResourceSlice } from '@skiff/api';
import { POD_GROUP_LABEL } from '@skiff/api';

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: number;
  gpus?: number;
  labels?: Record<string, string>;
  taints?: NonNullable<Node['spec']>['taints'];
  unschedulable?: boolean;
}

export function makeNode(name: string, o: NodeOpts = {}): Node {
  const alloc: Record<string, string> = { cpu: o.cpu ?? '8', memory: o.memory ?? '32Gi', pods: String(o.pods ?? 110) };
  if (o.gpus) alloc['nvidia.com/gpu'] = String(o.gpus);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable: alloc, capacity: alloc, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export interface PodOpts {
  ns?: string;
  cpu?: string;
  memory?: string;
  gpu?: number;
  labels?: Record<string, string>;
  priority?: number;
  claims?: { name: string; template?: string; claim?: string }[];
  spec?: Partial<NonNullable<Pod['spec']>>;
  gang?: { upstream?: string; coscheduling?: string };
}

export function makePod(name: string, o: PodOpts = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests['cpu'] = o.cpu;
  if (o.memory) requests['memory'] = o.memory;
  if (o.gpu) requests['nvidia.com/gpu'] = String(o.gpu);
  const labels = { ...o.labels, ...(o.gang?.coscheduling ? { [POD_GROUP_LABEL]: o.gang.coscheduling } : {}) };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.ns ?? 'default', labels },
    spec: {
      schedulerName: 'default-scheduler',
      containers: [{ name: 'c', image: 'busybox', resources: { requests, ...(o.gpu ? { limits: { 'nvidia.com/gpu': String(o.gpu) } } : {}), ...(o.claims ? { claims: o.claims.map((c) => ({ name: c.name })) } : {}) } }],
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...(o.claims ? { resourceClaims: o.claims.map((c) => (c.claim ? { name: c.name, resourceClaimName: c.claim } : { name: c.name, resourceClaimTemplateName: c.template ?? '' })) } : {}),
      ...(o.gang?.upstream ? { schedulingGroup: { podGroupName: o.gang.upstream } } : {}),
      ...o.spec,
    },
    status: { phase: 'Pending' },
  };
}

export const GPU_DRIVER = 'gpu.nvidia.com';

export function gpuClass(name = 'gpu.nvidia.com', cel = "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'gpu'"): DeviceClass {
  return { apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', metadata: { name }, spec: { selectors: [{ cel: { expression: cel } }] } };
}

/** The UUID gpuSlice gives device `gpu-<i>` of `node`. */
export const gpuUuid = (node: string, i: number): string => `GPU-${node}-${i}`;

export function gpuSlice(node: string, count: number, opts: { memory?: string; first?: number } = {}): ResourceSlice {
  const first = opts.first ?? 0;
  return {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceSlice',
    metadata: { name: `${node}-gpu.nvidia.com${first ? `-${first}` : ''}` },
    spec: {
      driver: GPU_DRIVER,
      pool: { name: node, generation: 1, resourceSliceCount: 1 },
      nodeName: node,
      devices: Array.from({ length: count }, (_, i) => ({
        name: `gpu-${first + i}`,
        // index and uuid as the node agent publishes them: the GPU ledger predicts classic picks from them.
        attributes: { type: { string: 'gpu' }, uuid: { string: gpuUuid(node, first + i) }, index: { int: first + i }, productName: { string: 'NVIDIA H100 80GB HBM3' }, cudaComputeCapability: { version: '9.0.0' } },
        capacity: { memory: { value: opts.memory ?? '80Gi' } },
      })),
    },
  };
}

export function claimTemplate(name: string, o: { ns?: string; className?: string; count?: number; selectors?: string[] } = {}): ResourceClaimTemplate {
  return {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaimTemplate',
    metadata: { name, namespace: o.ns ?? 'default' },
    spec: {
      spec: {
        devices: {
          requests: [{ name: 'gpu', exactly: { deviceClassName: o.className ?? 'gpu.nvidia.com', ...(o.count ? { count: o.count } : {}), ...(o.selectors ? { selectors: o.selectors.map((expression) => ({ cel: { expression } })) } : {}) } }],
        },
      },
    },
  };
}

export function upstreamPodGroup(name: string, minCount: number, ns = 'default'): PodGroup {
  return { apiVersion: 'scheduling.k8s.io/v1alpha2', kind: 'PodGroup', metadata: { name, namespace: ns }, spec: { schedulingPolicy: { gang: { minCount } } } };
}

export function coschedulingPodGroup(name: string, minMember: number, ns = 'default'): CoschedulingPodGroup {
  return { apiVersion: 'scheduling.x-k8s.io/v1alpha1', kind: 'PodGroup', metadata: { name, namespace: ns }, spec: { minMember, scheduleTimeoutSeconds: 10 } };
}
