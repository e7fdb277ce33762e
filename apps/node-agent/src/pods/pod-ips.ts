/**
 * Fixed pod addresses for pods that run without a sandbox (pods/pod-network.ts). The range is
 * the upper half of the pod network's subnet, which Docker never assigns from (its IPRange is
 * the lower half), so an address stays the pod's while its container is restarted.
 *
 * Who holds what is read from the engine, not remembered: every container created with a
 * fixed address carries it as a label (io.skiff.pod-ip), stopped ones too, so a pod in
 * crash-loop back-off keeps its address and an agent restart loses nothing. Several agents
 * may share one engine (docker compose): each picks at random among the addresses free in
 * its last look, refreshed in the background, and a start that still collides ("Address
 * already in use") gets a new address (sync.ts).
 */
import { ipToString, parseCidr, type Cidr } from '@skiff/api';
import { LABEL_POD_IP } from '../runtime/labels.ts';
import type { ContainerRuntime } from '../runtime/runtime.ts';

/** How old the engine's list may be before the next allocation refreshes it (in the background). */
const REFRESH_MS = 5_000;

export class PodIpAllocator {
  readonly range: string;
  readonly #cidr: Cidr;
  readonly #runtime: Pick<ContainerRuntime, 'labelValues'>;
  readonly #now: () => number;
  readonly #random: () => number;
  /** Addresses on containers, as the engine last listed them. */
  #listed = new Set<string>();
  /**
   * Addresses this agent handed out and has not released: a pod's address may have no
   * container for a while (its image is being pulled), and must not be handed out twice.
   */
  readonly #mine = new Set<string>();
  /** Found in use by something the listing did not show, until the next listing. */
  #taken = new Set<string>();
  #listedAt = -Infinity;
  #refreshing: Promise<void> | undefined;

  constructor(runtime: Pick<ContainerRuntime, 'labelValues'>, range: string, opts: { now?: () => number; random?: () => number } = {}) {
    this.#cidr = parseCidr(range, 'pod address range');
    this.range = range;
    this.#runtime = runtime;
    this.#now = opts.now ?? Date.now;
    this.#random = opts.random ?? Math.random;
  }

  /** A free address, or undefined when the range is full. The first call waits for the engine's list. */
  async allocate(): Promise<string | undefined> {
    if (this.#listedAt === -Infinity) await this.refresh();
    else if (this.#now() - this.#listedAt > REFRESH_MS) void this.refresh().catch(() => undefined);
    // The range's last address is the subnet's broadcast address.
    const usable = this.#cidr.size - 1;
    const start = Math.floor(this.#random() * usable);
    for (let i = 0; i < usable; i++) {
      const ip = ipToString((this.#cidr.base + ((start + i) % usable)) >>> 0);
      if (this.#listed.has(ip) || this.#mine.has(ip) || this.#taken.has(ip)) continue;
      this.#mine.add(ip);
      return ip;
    }
    return undefined;
  }

  /** The pod that had `ip` is gone (or moved): once no container carries it, it is free again. */
  release(ip: string): void {
    this.#mine.delete(ip);
  }

  /** Another holder was found for `ip` (a collision at start): never hand it out again until a listing says it is free. */
  taken(ip: string): void {
    this.#mine.delete(ip);
    this.#taken.add(ip);
  }

  refresh(): Promise<void> {
    this.#refreshing ??= (async () => {
      try {
        const began = this.#now();
        this.#listed = new Set(await this.#runtime.labelValues(LABEL_POD_IP));
        this.#taken = new Set();
        this.#listedAt = began;
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }
}
