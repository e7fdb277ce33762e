/**
 * The ClusterIPs (and the DNS address) this agent answers on, held as /32 addresses on the
 * host's loopback under one label (`lo:skiff` by default). Why loopback and a label: the
 * kernel then delivers traffic for those IPs to our listeners, whatever route brought it
 * (pods reach them through their default gateway, the host directly); a dummy interface
 * like kube-proxy's kube-ipvs0 would be tidier but needs the dummy module, which Docker
 * hosts and containers often lack. The label is the ownership mark: the agent lists,
 * adds and removes only addresses carrying it, so a restart can reconcile from scratch
 * and never touches 127.0.0.1 or anyone else's address.
 * Needs CAP_NET_ADMIN; every failure comes back as a result with the command's own words.
 */
import { execFile } from 'node:child_process';

export type AddressResult = { ok: true } | { ok: false; error: string };
export type ListResult = { ok: true; ips: string[] } | { ok: false; error: string };

export interface LocalAddresses {
  /** The addresses held under our label now. */
  list(): Promise<ListResult>;
  /** Idempotent: an address already there is fine. */
  add(ip: string): Promise<AddressResult>;
  /** Idempotent: an address already gone is fine. */
  remove(ip: string): Promise<AddressResult>;
}

export type IpRunner = (args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

export const runIp: IpRunner = (args) =>
  new Promise((resolve) => {
    execFile('ip', args, { timeout: 5_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      const missing = (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
      resolve({ code, stdout, stderr: missing ? 'the `ip` command (iproute2) is not installed' : stderr.trim() || (err?.message ?? '') });
    });
  });

/** Labels are `lo:` plus up to 12 characters; the label is also a glob for `ip addr show`, so no wildcards. */
export const isValidLabel = (label: string): boolean => /^lo:[A-Za-z0-9_-]{1,12}$/.test(label);

export class LoopbackAddresses implements LocalAddresses {
  readonly label: string;
  readonly #run: IpRunner;

  constructor(label = 'lo:skiff', run: IpRunner = runIp) {
    if (!isValidLabel(label)) throw new Error(`invalid loopback label "${label}" (want lo:<1-12 of [A-Za-z0-9_-]>)`);
    this.label = label;
    this.#run = run;
  }

  async list(): Promise<ListResult> {
    const r = await this.#run(['-o', '-4', 'addr', 'show', 'dev', 'lo', 'label', this.label]);
    if (r.code !== 0) return { ok: false, error: r.stderr };
    return { ok: true, ips: [...r.stdout.matchAll(/\binet (\d+\.\d+\.\d+\.\d+)\/32\b/g)].map((m) => m[1]!) };
  }

  async add(ip: string): Promise<AddressResult> {
    const r = await this.#run(['addr', 'add', `${ip}/32`, 'dev', 'lo', 'label', this.label]);
    // Older iproute2 says "RTNETLINK answers: File exists", newer "Error: ipv4: Address already
    // assigned." (this one stopped the data path after a kill -9 left the DNS address behind).
    return r.code === 0 || /File exists|Address already assigned/i.test(r.stderr) ? { ok: true } : { ok: false, error: r.stderr };
  }

  async remove(ip: string): Promise<AddressResult> {
    const r = await this.#run(['addr', 'del', `${ip}/32`, 'dev', 'lo']);
    return r.code === 0 || /Cannot assign requested address/.test(r.stderr) ? { ok: true } : { ok: false, error: r.stderr };
  }
}
