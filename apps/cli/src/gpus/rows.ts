/**
 * One row per GPU in the cluster, from the snapshot. The ResourceSlice is the source of the
 * device facts, but it lists only healthy GPUs, so a row also comes from what points at a GPU
 * the slice lacks: the UUIDs a node's GPUHealthy condition names, the UUIDs classic pods on
 * the node recorded, and any remainder of the node's `nvidia.com/gpu` capacity. A GPU must
 * never vanish from this list just because something is wrong with it.
 */
import type { Loose } from '../describe/format.ts';
import { recordedGpus } from '@skiff/api';
import { findHolders, isFinished, type Holder, type Holders } from './holders.ts';
import { GPU_DRIVER, GPU_RESOURCE, SIMULATED_GPUS_LABEL } from './refs.ts';
import type { GpuSnapshot } from './snapshot.ts';

export type Health = 'Healthy' | 'Unhealthy' | 'Unknown';

export interface GpuRow {
  node: string;
  /** The device name in the slice (`gpu-0`), or `-` when the slice does not list it. */
  device: string;
  index?: number;
  model: string;
  memory: string;
  uuid: string;
  health: Health;
  /** Why it is not Healthy (a GPU condition reason, NodeNotReady, NotPublished). */
  reason?: string;
  simulated: boolean;
  holders: Holder[];
}

const UUID_RE = /\b(?:GPU|MIG)-[0-9a-fA-F][0-9a-fA-F-]{7,}/g;

const attr = (d: Loose, name: string): Loose => {
  const a = d.attributes?.[name];
  return a?.string ?? a?.int ?? a?.bool ?? a?.version;
};

const condition = (node: Loose, type: string): Loose => (node.status?.conditions ?? []).find((c: Loose) => c.type === type);

/** Newest generation of each gpu.nvidia.com pool, by node (older generations are being replaced). */
function slicesByNode(slices: Loose[]): Map<string, Loose[]> {
  const gpu = slices.filter((s) => s.spec?.driver === GPU_DRIVER);
  const newest = new Map<string, number>();
  for (const s of gpu) newest.set(s.spec.pool?.name, Math.max(newest.get(s.spec.pool?.name) ?? 0, s.spec.pool?.generation ?? 0));
  const out = new Map<string, Loose[]>();
  for (const s of gpu) {
    if ((s.spec.pool?.generation ?? 0) !== newest.get(s.spec.pool?.name)) continue;
    const node = s.spec.nodeName ?? s.spec.pool?.name;
    out.set(node, [...(out.get(node) ?? []), s]);
  }
  return out;
}

function nodeRows(node: Loose, slices: Loose[], pods: Loose[], holders: Holders): GpuRow[] {
  const name: string = node.metadata?.name ?? '';
  const ready = condition(node, 'Ready')?.status === 'True';
  const gpuHealthy = condition(node, 'GPUHealthy');
  const sick = gpuHealthy?.status === 'False' ? new Set<string>(String(gpuHealthy.message ?? '').match(UUID_RE) ?? []) : new Set<string>();
  const nodeSimulated = node.metadata?.labels?.[SIMULATED_GPUS_LABEL] === 'true';
  const notReady = (r: GpuRow): GpuRow => (ready || r.health === 'Unhealthy' ? r : { ...r, health: 'Unknown', reason: 'NodeNotReady' });

  const rows: GpuRow[] = [];
  for (const s of slices) {
    for (const d of s.spec?.devices ?? []) {
      const uuid = String(attr(d, 'uuid') ?? '');
      const index = attr(d, 'index');
      const row: GpuRow = {
        node: name,
        device: d.name,
        model: String(attr(d, 'productName') ?? '-'),
        memory: String(d.capacity?.memory?.value ?? '-'),
        uuid: uuid || '-',
        health: sick.has(uuid) ? 'Unhealthy' : 'Healthy',
        simulated: attr(d, 'simulated') === true || nodeSimulated,
        holders: [...(holders.byDevice.get(`${s.spec.pool?.name}/${d.name}`) ?? []), ...(uuid ? holders.byUuid.get(uuid) ?? [] : [])],
      };
      if (typeof index === 'number') row.index = index;
      if (row.health === 'Unhealthy') row.reason = gpuHealthy.reason;
      rows.push(notReady(row));
    }
  }

  // GPUs the slice does not list: named unhealthy by the node, or still held by a classic pod.
  const listed = new Set(rows.map((r) => r.uuid));
  const missing = (uuid: string, reason: string): GpuRow => ({ node: name, device: '-', model: '-', memory: '-', uuid, health: 'Unhealthy', reason, simulated: nodeSimulated, holders: holders.byUuid.get(uuid) ?? [] });
  for (const uuid of sick) if (!listed.has(uuid)) (listed.add(uuid), rows.push(missing(uuid, gpuHealthy.reason)));
  const onNode = pods.filter((p) => p.spec?.nodeName === name && !isFinished(p));
  for (const uuid of onNode.flatMap(recordedGpus)) if (!listed.has(uuid)) (listed.add(uuid), rows.push(missing(uuid, 'NotPublished')));
  // Capacity counts GPUs the slice should list; any it does not are shown without details.
  const capacity = Number(node.status?.capacity?.[GPU_RESOURCE] ?? 0);
  const published = rows.filter((r) => r.device !== '-').length;
  for (let i = published; i < capacity; i++) rows.push(notReady({ ...missing('-', 'NotPublished'), holders: [] }));
  return rows;
}

export function gpuRows(s: GpuSnapshot, onlyNode?: string): GpuRow[] {
  const holders = findHolders(s);
  const bySlices = slicesByNode(s.slices);
  const nodes = s.nodes.filter((n) => !onlyNode || n.metadata?.name === onlyNode);
  const rows = nodes.flatMap((n) => nodeRows(n, bySlices.get(n.metadata?.name) ?? [], s.pods, holders));
  // Slices for nodes that have no Node object (yet, or any more): still GPUs someone may hold.
  const known = new Set(s.nodes.map((n) => n.metadata?.name));
  for (const [node, slices] of bySlices) {
    if (known.has(node) || (onlyNode && node !== onlyNode)) continue;
    rows.push(...nodeRows({ metadata: { name: node }, status: { conditions: [] } }, slices, [], holders));
  }
  const idx = (r: GpuRow): number => r.index ?? Number.MAX_SAFE_INTEGER;
  return rows.sort((a, b) => a.node.localeCompare(b.node) || idx(a) - idx(b) || a.device.localeCompare(b.device) || a.uuid.localeCompare(b.uuid));
}
