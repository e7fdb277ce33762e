/**
 * Shared counters of partitionable devices (k8s-api.md 3.10): a device is allocatable only if
 * every counter it consumes still has enough left after the devices already in use and those
 * chosen so far in this call. NVIDIA publishes one counter set per physical GPU, so a full GPU
 * and its MIG partitions exclude each other through the memory-slice counters.
 */
import type { Candidate, DeviceTable } from './pools.ts';

export class CounterLedger {
  #remaining: Map<string, Map<string, bigint>> | undefined;
  readonly #tables: DeviceTable[];
  readonly #inUse: (key: string) => boolean;

  constructor(tables: DeviceTable[], inUse: (key: string) => boolean) {
    this.#tables = tables;
    this.#inUse = inUse;
  }

  /** Built on first use: most nodes have no partitionable devices and never pay for this. */
  #ledger(): Map<string, Map<string, bigint>> {
    if (this.#remaining) return this.#remaining;
    const remaining = new Map<string, Map<string, bigint>>();
    for (const t of this.#tables) for (const [k, m] of t.counterSets) remaining.set(k, new Map(m));
    for (const t of this.#tables) {
      for (const c of t.candidates) if (c.consumes && this.#inUse(c.key)) this.#apply(remaining, c, -1n);
    }
    return (this.#remaining = remaining);
  }

  #apply(remaining: Map<string, Map<string, bigint>>, c: Candidate, sign: bigint): void {
    for (const use of c.consumes ?? []) {
      const set = remaining.get(use.setKey);
      if (!set) continue;
      for (const [name, amount] of use.counters) set.set(name, (set.get(name) ?? 0n) + sign * amount);
    }
  }

  /** Takes the device's counters if all fit; a counter set that does not exist never fits. */
  tryConsume(c: Candidate): boolean {
    if (!c.consumes) return true;
    const remaining = this.#ledger();
    for (const use of c.consumes) {
      const set = remaining.get(use.setKey);
      if (!set) return false;
      for (const [name, amount] of use.counters) if ((set.get(name) ?? 0n) < amount) return false;
    }
    this.#apply(remaining, c, -1n);
    return true;
  }

  release(c: Candidate): void {
    if (c.consumes) this.#apply(this.#ledger(), c, 1n);
  }
}
