/**
 * Test helpers for the GPU commands: write Nodes, ResourceSlices, ResourceClaims, pods and
 * events into a real api-server exactly as the node agent, the scheduler and the claim
 * controller would (objects first, then their status through the status subresource).
 */
import { RestClient } from '@skiff/client';
import type { TestServer } from '@skiff/testing';
import type { Loose } from '../describe/format.ts';
import { EVENTS, NODES, PODS, RESOURCE_CLAIMS, RESOURCE_SLICES } from './refs.ts';

export function clientFor(server: TestServer): RestClient {
  return new RestClient({ server: server.url, token: server.token, ...(server.caPem ? { ca: server.caPem } : {}) });
}

const ready = (ok: boolean) => ({ type: 'Ready', status: ok ? 'True' : 'False', reason: ok ? 'KubeletReady' : 'KubeletNotReady', message: ok ? 'kubelet is posting ready status' : 'container runtime is down' });

export interface NodeSpec {
  name: string;
  gpus?: number;
  ready?: boolean;
  simulated?: boolean;
  gpuHealthy?: { status: 'True' | 'False'; reason: string; message: string };
  taints?: Loose[];
}

export async function addNode(c: RestClient, n: NodeSpec): Promise<void> {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': n.name, ...(n.simulated ? { 'skiff.dev/simulated-gpus': 'true' } : {}) };
  await c.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels }, spec: n.taints ? { taints: n.taints } : {} });
  const capacity = { cpu: '8', memory: '32Gi', pods: '110', ...(n.gpus !== undefined ? { 'nvidia.com/gpu': String(n.gpus) } : {}) };
  const conditions = [ready(n.ready ?? true), ...(n.gpuHealthy ? [{ type: 'GPUHealthy', ...n.gpuHealthy }] : [])];
  await c.patch(NODES, n.name, 'merge', { status: { capacity, allocatable: capacity, conditions } }, { subresource: 'status' });
}

export interface DeviceSpec {
  name: string;
  index: number;
  uuid: string;
  model?: string;
  memory?: string;
  simulated?: boolean;
}

export async function addSlice(c: RestClient, node: string, devices: DeviceSpec[]): Promise<void> {
  await c.create(RESOURCE_SLICES, {
    apiVersion: 'resource.k8s.io/v1', kind: 'ResourceSlice', metadata: { name: `${node}-gpu.nvidia.com` },
    spec: {
      driver: 'gpu.nvidia.com', pool: { name: node, generation: 1, resourceSliceCount: 1 }, nodeName: node,
      devices: devices.map((d) => ({
        name: d.name,
        attributes: {
          type: { string: 'gpu' }, uuid: { string: d.uuid }, productName: { string: d.model ?? 'NVIDIA H100 80GB HBM3' }, index: { int: d.index },
          ...(d.simulated ? { simulated: { bool: true } } : {}),
        },
        capacity: { memory: { value: d.memory ?? '81559Mi' } },
      })),
    },
  });
}

export interface PodSpec {
  name: string;
  namespace?: string;
  node?: string;
  gpus?: number;
  claims?: { name: string; claimName?: string; template?: string }[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  status?: Loose;
}

export async function addPod(c: RestClient, p: PodSpec): Promise<Loose> {
  const namespace = p.namespace ?? 'default';
  const resources = { ...(p.gpus ? { limits: { 'nvidia.com/gpu': String(p.gpus) } } : {}), ...(p.claims ? { claims: p.claims.map((x) => ({ name: x.name })) } : {}) };
  const spec: Loose = { containers: [{ name: 'main', image: 'cuda:12', resources }] };
  if (p.node) spec.nodeName = p.node;
  if (p.nodeSelector) spec.nodeSelector = p.nodeSelector;
  if (p.claims) spec.resourceClaims = p.claims.map((x) => (x.template ? { name: x.name, resourceClaimTemplateName: x.template } : { name: x.name, resourceClaimName: x.claimName ?? x.name }));
  const created = await c.create<Loose>(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: p.name, namespace, labels: p.labels ?? {}, annotations: p.annotations ?? {} }, spec });
  if (p.status) await c.patch(PODS, p.name, 'merge', { status: p.status }, { namespace, subresource: 'status' });
  return created;
}

export interface ClaimSpec {
  name: string;
  namespace?: string;
  count?: number;
  deviceClass?: string;
  selector?: string;
  /** `pool/device` pairs the claim is allocated. */
  allocated?: string[];
  reservedFor?: Loose[];
}

export async function addClaim(c: RestClient, cl: ClaimSpec): Promise<void> {
  const namespace = cl.namespace ?? 'default';
  const exactly: Loose = { deviceClassName: cl.deviceClass ?? 'gpu.nvidia.com', allocationMode: 'ExactCount', count: cl.count ?? 1 };
  if (cl.selector) exactly.selectors = [{ cel: { expression: cl.selector } }];
  await c.create(RESOURCE_CLAIMS, { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaim', metadata: { name: cl.name, namespace }, spec: { devices: { requests: [{ name: 'gpu', exactly }] } } });
  if (!cl.allocated) return;
  const results = cl.allocated.map((pd) => ({ request: 'gpu', driver: 'gpu.nvidia.com', pool: pd.split('/')[0], device: pd.split('/')[1] }));
  await c.patch(RESOURCE_CLAIMS, cl.name, 'merge', { status: { allocation: { devices: { results } }, reservedFor: cl.reservedFor ?? [] } }, { namespace, subresource: 'status' });
}

export const podRef = (pod: Loose) => ({ resource: 'pods', name: pod.metadata.name, uid: pod.metadata.uid });

export async function addEvent(c: RestClient, pod: Loose, reason: string, message: string, o: { type?: string; component?: string; count?: number; kind?: string; ageMs?: number } = {}): Promise<void> {
  const now = Date.now() - (o.ageMs ?? 0);
  const namespace = pod.metadata.namespace ?? 'default';
  await c.create(EVENTS, {
    apiVersion: 'v1', kind: 'Event', metadata: { name: `${pod.metadata.name}.${reason.toLowerCase()}${Math.random().toString(16).slice(2, 8)}`, namespace },
    involvedObject: { apiVersion: 'v1', kind: o.kind ?? 'Pod', name: pod.metadata.name, namespace, uid: pod.metadata.uid },
    reason, message, type: o.type ?? 'Warning', count: o.count ?? 1, source: { component: o.component ?? 'default-scheduler' },
    firstTimestamp: new Date(now - 60_000).toISOString(), lastTimestamp: new Date(now).toISOString(),
  }, { namespace });
}
