/**
 * ClusterIP and NodePort bookkeeping for one controller-manager (the leader): the used sets
 * are rebuilt from the service cache, allocation scans from a rotating offset.
 */
import { ipToString, parseCidr as parse } from '@skiff/api';

export { ipToString };
export const parseCidr = (cidr: string): { base: number; size: number } => parse(cidr, 'service CIDR');

export class IpAllocator {
  readonly #base: number;
  readonly #size: number;
  readonly #used = new Set<string>();
  #next = 2; // .0 is the network, .1 belongs to the `kubernetes` service upstream

  constructor(cidr: string) {
    ({ base: this.#base, size: this.#size } = parseCidr(cidr));
  }

  use(ip: string): void {
    this.#used.add(ip);
  }
  release(ip: string): void {
    this.#used.delete(ip);
  }

  allocate(): string | undefined {
    for (let i = 0; i < this.#size - 3; i++) {
      const off = 2 + ((this.#next - 2 + i) % (this.#size - 3));
      const ip = ipToString((this.#base + off) >>> 0);
      if (this.#used.has(ip)) continue;
      this.#used.add(ip);
      this.#next = off + 1;
      return ip;
    }
    return undefined;
  }
}

export class PortAllocator {
  readonly #min: number;
  readonly #max: number;
  readonly #used = new Set<number>();
  #next: number;

  constructor([min, max]: [number, number]) {
    this.#min = min;
    this.#max = max;
    this.#next = min;
  }

  use(port: number): void {
    this.#used.add(port);
  }
  release(port: number): void {
    this.#used.delete(port);
  }
  has(port: number): boolean {
    return this.#used.has(port);
  }

  allocate(): number | undefined {
    const n = this.#max - this.#min + 1;
    for (let i = 0; i < n; i++) {
      const p = this.#min + ((this.#next - this.#min + i) % n);
      if (this.#used.has(p)) continue;
      this.#used.add(p);
      this.#next = p + 1;
      return p;
    }
    return undefined;
  }
}
