/**
 * The ResourceSlice a node publishes for its GPUs, in the shape NVIDIA's DRA driver uses
 * (driver gpu.nvidia.com, one pool per node, device gpu-<minor> or its MIG form), so claims and
 * CEL selectors written for that driver work unchanged. Only healthy devices are published:
 * an unhealthy one must not be allocated, and its problem is on the Node instead.
 */
import { quantityFromInt, type KubeObject } from '@skiff/api';
import type { GpuDevice, GpuInventory } from './types.ts';

export const GPU_DRIVER = 'gpu.nvidia.com';
const MAX_DEVICES = 128;

type Attribute = { string: string } | { int: number } | { bool: boolean } | { version: string };

export function resourceSliceFor(nodeName: string, inv: GpuInventory, generation: number): KubeObject {
  const devices = inv.devices.filter((d) => d.healthy).slice(0, MAX_DEVICES).map((d) => sliceDevice(d, inv));
  return {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceSlice',
    // A fixed name (not generateName) so the agent's create-or-update is idempotent.
    metadata: { name: `${nodeName}-${GPU_DRIVER}` },
    spec: {
      driver: GPU_DRIVER,
      pool: { name: nodeName, generation, resourceSliceCount: 1 },
      nodeName,
      devices,
    },
  };
}

export function deviceName(d: GpuDevice): string {
  if (d.type === 'gpu' || !d.mig) return `gpu-${d.minor}`;
  const m = d.mig;
  // NVIDIA's current form: gpu-<parentMinor>-mig-<profile without dots>-<profileId>-<placementStart>.
  if (d.migProfile && m.profileId !== undefined && m.placementStart !== undefined)
    return `gpu-${d.minor}-mig-${dnsPart(d.migProfile)}-${m.profileId}-${m.placementStart}`;
  return `gpu-${d.minor}-mig-gi${m.gpuInstanceId ?? m.deviceIndex}-ci${m.computeInstanceId ?? 0}`;
}

function sliceDevice(d: GpuDevice, inv: GpuInventory): { name: string; attributes: Record<string, Attribute>; capacity: Record<string, { value: string }> } {
  const a: Record<string, Attribute> = {
    type: { string: d.type },
    uuid: { string: d.uuid },
    productName: str(d.name),
    index: { int: d.index },
    minor: { int: d.minor },
    pcieBusID: { string: d.pciBusId },
    'resource.kubernetes.io/pciBusID': { string: d.pciBusId },
  };
  if (d.brand) a['brand'] = str(d.brand);
  if (d.architecture) a['architecture'] = str(d.architecture);
  setVersion(a, 'cudaComputeCapability', d.computeCapability);
  setVersion(a, 'driverVersion', inv.driverVersion);
  setVersion(a, 'cudaDriverVersion', inv.cudaVersion);
  if (d.type === 'mig') {
    if (d.parentUuid) a['parentUUID'] = { string: d.parentUuid };
    if (d.migProfile) a['profile'] = str(d.migProfile);
    if (d.mig) a['parentIndex'] = { int: d.mig.parentIndex };
  }
  if (inv.simulated) a['simulated'] = { bool: true };

  const capacity: Record<string, { value: string }> = {};
  if (d.memoryBytes > 0) capacity['memory'] = { value: quantityFromInt(d.memoryBytes, 'BinarySI').toString() };
  const m = d.mig;
  if (m) {
    const counts = { multiprocessors: m.multiprocessors, copyEngines: m.copyEngines, decoders: m.decoders, encoders: m.encoders, jpegEngines: m.jpegEngines, ofaEngines: m.ofaEngines };
    for (const [k, v] of Object.entries(counts)) if (v !== undefined) capacity[k] = { value: String(v) };
  }
  return { name: deviceName(d), attributes: a, capacity };
}

/** DRA string attributes are at most 64 characters. */
function str(s: string): { string: string } {
  return { string: s.slice(0, 64) };
}

function setVersion(a: Record<string, Attribute>, key: string, v: string | undefined): void {
  const sv = v === undefined ? undefined : toSemver(v);
  if (sv) a[key] = { version: sv };
}

/**
 * DRA version attributes are strict semver 2.0: "9.0" → "9.0.0", "13.0" → "13.0.0", and the
 * driver's "580.159.04" → "580.159.4" (semver forbids leading zeros; NVIDIA's driver publishes
 * the same after its lenient parse). Anything else is left out rather than published wrong.
 */
export function toSemver(v: string): string | undefined {
  const parts = v.trim().split('.');
  if (parts.length < 1 || parts.length > 3 || !parts.every((p) => /^\d+$/.test(p))) return undefined;
  while (parts.length < 3) parts.push('0');
  return parts.map((p) => String(Number(p))).join('.');
}

/** A DNS-label piece: "1g.10gb" → "1g10gb", "1g.10gb+me" → "1g10gbme". */
function dnsPart(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]/g, '');
}
