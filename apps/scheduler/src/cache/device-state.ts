/**
 * The DRA view the allocator needs (a DraSnapshot), kept current from cluster events
 * rather than rebuilt per pod: device classes, slices by node (arrays replaced on change,
 * as the allocator caches per array identity), and which devices allocated claims hold.
 * On top, the in-flight allocations of pods that are reserved but whose claim status is
 * not written yet (alsoInUse): two pods scheduled back to back never get the same device.
 * Part of the scheduler's cache rather than of the DynamicResources plugin, because
 * NodeResourcesFit counts the GPUs claims hold against `nvidia.com/gpu` (gpu-ledger.ts).
 */
import type { AllocationResult, DeviceClass, ResourceClaim, ResourceSlice } from '@skiff/api';
import { classForResource, deviceKey, extendedResourceClasses, type DraSnapshot } from '../dra/index.ts';
import type { EventResource } from '../queue/events.ts';

export interface InFlight {
  podKey: string;
  allocation: AllocationResult;
  devices: string[];
}

export const claimKey = (c: Pick<ResourceClaim, 'metadata'>): string => `${c.metadata.namespace ?? 'default'}/${c.metadata.name ?? ''}`;

export function allocationDevices(a: AllocationResult | undefined): string[] {
  return (a?.devices?.results ?? []).map((r) => deviceKey(r));
}

export class DeviceState {
  readonly snapshot: DraSnapshot = { classes: new Map(), slicesByNode: new Map(), sharedSlices: [], allocated: new Set() };
  /** claim key → in-flight allocation (reserved, status not yet observed). */
  readonly inFlight = new Map<string, InFlight>();
  readonly inFlightDevices = new Set<string>();
  readonly #claimDevices = new Map<string, string[]>();
  readonly #deviceRefs = new Map<string, number>();
  readonly #slices = new Map<string, ResourceSlice>();
  readonly #byNode = new Map<string, Map<string, ResourceSlice>>();
  /** extendedResourceName → class, rebuilt on the first use after a class changed (it sorts all classes). */
  #extended: Map<string, DeviceClass> | undefined;

  /** A DeviceClass, ResourceSlice or ResourceClaim changed (`obj` undefined: deleted); other kinds are not ours. */
  onEvent(resource: EventResource, name: string, namespace: string | undefined, obj: unknown): void {
    if (resource === 'DeviceClass') this.setClass(obj as DeviceClass | undefined, name);
    else if (resource === 'ResourceSlice') this.setSlice(obj as ResourceSlice | undefined, name);
    else if (resource === 'ResourceClaim') this.setClaim(obj as ResourceClaim | undefined, claimKey({ metadata: { name, ...(namespace ? { namespace } : {}) } }));
  }

  setClass(c: DeviceClass | undefined, name: string): void {
    if (c) this.snapshot.classes.set(name, c);
    else this.snapshot.classes.delete(name);
    this.#extended = undefined;
  }

  /** Extended resource name → the DeviceClass that serves it (DeviceClass spec.extendedResourceName). */
  extendedResourceClasses(): Map<string, DeviceClass> {
    return (this.#extended ??= extendedResourceClasses(this.snapshot.classes));
  }

  /**
   * Whether a DeviceClass can serve this extended resource (explicitly or by the implicit
   * `deviceclass.resource.kubernetes.io/<class>` name). On a node whose allocatable does not
   * list it, such a request is DRA's to satisfy, not NodeResourcesFit's to reject.
   */
  draBacked(resourceName: string): boolean {
    if (this.snapshot.classes.size === 0) return false;
    return classForResource(resourceName, this.snapshot.classes, this.extendedResourceClasses()) !== undefined;
  }

  setSlice(s: ResourceSlice | undefined, name: string): void {
    const old = this.#slices.get(name);
    if (s) this.#slices.set(name, s);
    else this.#slices.delete(name);
    for (const node of new Set([old?.spec.nodeName, s?.spec.nodeName])) {
      if (node) {
        // A new array per change: the allocator caches device tables by array identity.
        let byName = this.#byNode.get(node);
        if (!byName) this.#byNode.set(node, (byName = new Map()));
        if (old?.spec.nodeName === node) byName.delete(name);
        if (s?.spec.nodeName === node) byName.set(name, s);
        if (byName.size) this.snapshot.slicesByNode.set(node, [...byName.values()]);
        else {
          this.snapshot.slicesByNode.delete(node);
          this.#byNode.delete(node);
        }
      } else if ((old && !old.spec.nodeName) || (s && !s.spec.nodeName)) {
        this.snapshot.sharedSlices = [...this.#slices.values()].filter((y) => !y.spec.nodeName);
      }
    }
  }

  /** A claim changed: track the devices its allocation holds; an observed allocation ends in-flight. */
  setClaim(c: ResourceClaim | undefined, key: string): void {
    const devices = c ? allocationDevices(c.status?.allocation) : [];
    const old = this.#claimDevices.get(key) ?? [];
    for (const d of old) this.#unref(d);
    for (const d of devices) this.#ref(d);
    if (devices.length) this.#claimDevices.set(key, devices);
    else this.#claimDevices.delete(key);
    if (c?.status?.allocation && this.inFlight.has(key)) this.dropInFlight(key);
    if (!c) this.dropInFlight(key);
  }

  addInFlight(key: string, f: InFlight): void {
    this.dropInFlight(key);
    this.inFlight.set(key, f);
    for (const d of f.devices) this.inFlightDevices.add(d);
  }

  dropInFlight(key: string, podKey?: string): void {
    const f = this.inFlight.get(key);
    if (!f || (podKey !== undefined && f.podKey !== podKey)) return;
    this.inFlight.delete(key);
    for (const d of f.devices) this.inFlightDevices.delete(d);
  }

  /** Devices on a node's slices (for scoring bin-packing). */
  nodeDeviceUsage(node: string): { total: number; used: number } {
    let total = 0;
    let used = 0;
    for (const s of this.snapshot.slicesByNode.get(node) ?? []) {
      for (const d of s.spec.devices ?? []) {
        total++;
        const k = deviceKey({ driver: s.spec.driver, pool: s.spec.pool.name, device: d.name });
        if (this.snapshot.allocated.has(k) || this.inFlightDevices.has(k)) used++;
      }
    }
    return { total, used };
  }

  #ref(d: string): void {
    this.#deviceRefs.set(d, (this.#deviceRefs.get(d) ?? 0) + 1);
    this.snapshot.allocated.add(d);
  }

  #unref(d: string): void {
    const n = (this.#deviceRefs.get(d) ?? 1) - 1;
    if (n > 0) this.#deviceRefs.set(d, n);
    else {
      this.#deviceRefs.delete(d);
      this.snapshot.allocated.delete(d);
    }
  }
}
