/**
 * The CEL `device` variable for one ResourceSlice device: driver, attributes and capacity
 * grouped by domain (short names belong to the driver's domain), typed as upstream:
 * int → int, bool → bool, string → string, version → semver, capacity → quantity.
 * Built once per device object (informer objects are replaced, never mutated, on change).
 */
import { parseQuantity, quantityError, type Device, type DeviceAttribute, type Quantity } from '@skiff/api';
import { parseSemver, type Semver } from './semver.ts';

export type AttributeValue = bigint | boolean | string | Semver;

const EMPTY_DOMAIN: ReadonlyMap<string, never> = new Map<string, never>();

/**
 * Upstream: an unknown domain reads as an empty map, so `'x' in device.attributes['other.io']`
 * is false rather than an error. The evaluator recognises maps by `constructor === Map`,
 * hence the subclass that reports Map as its constructor.
 */
class DomainMap<V> extends Map<string, ReadonlyMap<string, V>> {
  override get(domain: string): ReadonlyMap<string, V> {
    return super.get(domain) ?? EMPTY_DOMAIN;
  }
}
Object.defineProperty(DomainMap.prototype, 'constructor', { value: Map });

export interface CelDevice {
  driver: string;
  attributes: Map<string, ReadonlyMap<string, AttributeValue>>;
  capacity: Map<string, ReadonlyMap<string, Quantity>>;
  allowMultipleAllocations: boolean;
}

/** Splits `domain/id` (or a bare id in the driver's domain). */
export function qualify(name: string, driver: string): [domain: string, id: string] {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? [driver, name] : [name.slice(0, slash), name.slice(slash + 1)];
}

export function attributeValue(a: DeviceAttribute): AttributeValue | undefined {
  if (a.int !== undefined) return BigInt(a.int);
  if (a.bool !== undefined) return a.bool;
  if (a.string !== undefined) return a.string;
  if (a.version !== undefined) {
    const v = parseSemver(a.version);
    return typeof v === 'string' ? undefined : v; // validation rejects these; skip defensively
  }
  return undefined;
}

function group<T, V>(entries: Record<string, T> | undefined, driver: string, convert: (t: T) => V | undefined) {
  const byDomain = new DomainMap<V>();
  for (const [name, raw] of Object.entries(entries ?? {})) {
    const value = convert(raw);
    if (value === undefined) continue;
    const [domain, id] = qualify(name, driver);
    let m = byDomain.get(domain);
    if (m === EMPTY_DOMAIN) byDomain.set(domain, (m = new Map<string, V>()));
    (m as Map<string, V>).set(id, value);
  }
  return byDomain;
}

const cache = new WeakMap<Device, CelDevice>();

export function celDevice(device: Device, driver: string): CelDevice {
  let v = cache.get(device);
  if (!v) {
    v = {
      driver,
      attributes: group(device.attributes, driver, attributeValue),
      capacity: group(device.capacity, driver, (c) => (quantityError(c.value) === undefined ? parseQuantity(c.value) : undefined)),
      allowMultipleAllocations: device.allowMultipleAllocations === true,
    };
    cache.set(device, v);
  }
  return v;
}
