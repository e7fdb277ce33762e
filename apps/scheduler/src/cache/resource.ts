/**
 * Resource arithmetic in plain numbers: cpu in millicores, everything else (memory,
 * ephemeral-storage, extended resources such as nvidia.com/gpu) in whole units. Quantities
 * are parsed once per pod/node version (PodInfo/NodeInfo), never in the filter loop.
 */
import { parseQuantity } from '@skiff/api';

export const CPU = 'cpu';
export const MEMORY = 'memory';
export const EPHEMERAL = 'ephemeral-storage';
export const PODS = 'pods';
export const GPU = 'nvidia.com/gpu';

/** Upstream's defaults for pods that request nothing (used only for spreading scores). */
export const DEFAULT_MILLI_CPU = 100;
export const DEFAULT_MEMORY = 200 * 1024 * 1024;

export class Resource {
  cpu = 0;
  memory = 0;
  ephemeral = 0;
  /** Extended and hugepages resources; undefined until one is set (most pods have none). */
  scalar: Map<string, number> | undefined;

  static fromList(list: Record<string, unknown> | undefined | null): Resource {
    const r = new Resource();
    if (!list) return r;
    for (const [name, v] of Object.entries(list)) {
      if (name === PODS) continue;
      r.set(name, quantityValue(name, v));
    }
    return r;
  }

  get(name: string): number {
    if (name === CPU) return this.cpu;
    if (name === MEMORY) return this.memory;
    if (name === EPHEMERAL) return this.ephemeral;
    return this.scalar?.get(name) ?? 0;
  }

  set(name: string, v: number): void {
    if (name === CPU) this.cpu = v;
    else if (name === MEMORY) this.memory = v;
    else if (name === EPHEMERAL) this.ephemeral = v;
    else (this.scalar ??= new Map()).set(name, v);
  }

  add(o: Resource, sign = 1): void {
    this.cpu += sign * o.cpu;
    this.memory += sign * o.memory;
    this.ephemeral += sign * o.ephemeral;
    if (o.scalar) for (const [k, v] of o.scalar) this.set(k, this.get(k) + sign * v);
  }

  /** Element-wise max (init containers run one at a time). */
  max(o: Resource): void {
    this.cpu = Math.max(this.cpu, o.cpu);
    this.memory = Math.max(this.memory, o.memory);
    this.ephemeral = Math.max(this.ephemeral, o.ephemeral);
    if (o.scalar) for (const [k, v] of o.scalar) this.set(k, Math.max(this.get(k), v));
  }

  clone(): Resource {
    const r = new Resource();
    r.add(this);
    return r;
  }

  /** Names with a non-zero amount. */
  names(): string[] {
    const out: string[] = [];
    if (this.cpu) out.push(CPU);
    if (this.memory) out.push(MEMORY);
    if (this.ephemeral) out.push(EPHEMERAL);
    if (this.scalar) for (const [k, v] of this.scalar) if (v) out.push(k);
    return out;
  }
}

export function quantityValue(name: string, v: unknown): number {
  if (typeof v === 'number') return name === CPU ? v * 1000 : v;
  if (typeof v !== 'string') return 0;
  try {
    const q = parseQuantity(v);
    return name === CPU ? q.toMilli() : q.value();
  } catch {
    return 0; // validated by the api-server; a bad value counts as nothing rather than crashing a cycle
  }
}
