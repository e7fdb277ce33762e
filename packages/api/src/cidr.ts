/**
 * IPv4 CIDR arithmetic shared by the service IP allocator (controller-manager) and the pod
 * address ranges of the node agent. Addresses are unsigned 32-bit numbers.
 */
export interface Cidr {
  /** The network address. */
  base: number;
  /** Number of addresses, network and broadcast included. */
  size: number;
  prefix: number;
}

export function parseCidr(cidr: string, what = 'CIDR'): Cidr {
  const [ip, bits] = cidr.split('/');
  const prefix = Number(bits ?? '32');
  const parts = (ip ?? '').split('.');
  const nums = parts.map(Number);
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p)) || nums.some((p) => p > 255) || !Number.isInteger(prefix) || !(prefix >= 0 && prefix <= 30)) throw new Error(`invalid ${what} "${cidr}"`);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const base = (((nums[0]! << 24) | (nums[1]! << 16) | (nums[2]! << 8) | nums[3]!) >>> 0) & mask;
  return { base: base >>> 0, size: 2 ** (32 - prefix), prefix };
}

export const ipToString = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

export function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => ((n << 8) | Number(p)) >>> 0, 0);
}

export const formatCidr = (c: Pick<Cidr, 'base' | 'prefix'>): string => `${ipToString(c.base)}/${c.prefix}`;

/** The lower and upper halves of a network (one prefix bit longer). */
export function splitCidr(c: Cidr): [Cidr, Cidr] {
  const half = c.size / 2;
  return [{ base: c.base, size: half, prefix: c.prefix + 1 }, { base: (c.base + half) >>> 0, size: half, prefix: c.prefix + 1 }];
}

export function cidrContains(c: Cidr, ip: string): boolean {
  const n = ipToNumber(ip);
  return n !== undefined && n >= c.base && n < c.base + c.size;
}
