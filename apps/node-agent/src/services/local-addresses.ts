/**
 * The ClusterIPs (and the DNS address) this agent answers on, held as /32 addresses on the
 * host's loopback under one label per agent instance (instanceLabel()). Why loopback and a label: the
 * kernel then delivers traffic for those IPs to our listeners, whatever route brought it
 * (pods reach them through their default gateway, the host directly); a dummy interface
 * like kube-proxy's kube-ipvs0 would be tidier but needs the dummy module, which Docker
 * hosts and containers often lack. The label is the ownership mark: the agent lists,
 * adds and removes only addresses carrying it, so a restart can reconcile from scratch
 * and never touches 127.0.0.1 or anyone else's address. Several agents may share one host
 * (`skiff up` beside a compose cluster's data-path agent, test runs side by side), so the
 * label is per instance, and removal names the label: the kernel deletes an address only
 * when its label matches, so another agent's address can never be taken away, even by an
 * address this agent wrongly believed it held.
 * Needs CAP_NET_ADMIN; every failure comes back as a result with the command's own words.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';

/**
 * HeldByOther: the address is on lo under another label (another agent's, or left by one that
 * was killed): usable (it is local, listeners can bind it) but not ours to remove.
 */
export type AddressFailure = { ok: false; reason: 'HeldByOther' | 'Failed'; error: string };
export type AddressResult = { ok: true } | AddressFailure;
export type ListResult = { ok: true; ips: string[] } | AddressFailure;

export interface LocalAddresses {
  /** The addresses held under our label now. */
  list(): Promise<ListResult>;
  /** Idempotent: an address already there is fine. */
  add(ip: string): Promise<AddressResult>;
  /** Idempotent: an address already gone is fine. */
  remove(ip: string): Promise<AddressResult>;
}

export type IpRunner = (args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

const exec = (cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; missing: boolean }> =>
  new Promise((resolve) => {
    execFile(cmd, args, { timeout: 5_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      const missing = (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
      resolve({ code, stdout, stderr: stderr.trim() || (err?.message ?? ''), missing });
    });
  });

/**
 * `ip`, else busybox's `ip` applet: the node:24-slim based image has /bin/busybox but no
 * iproute2 (and busybox's applet speaks the same `addr add/del/show … label` and `-o` output).
 */
export const runIp: IpRunner = async (args) => {
  const r = await exec('ip', args);
  if (!r.missing) return r;
  const b = await exec('busybox', ['ip', ...args]);
  return b.missing ? { code: -1, stdout: '', stderr: 'the `ip` command (iproute2 or busybox) is not installed' } : b;
};

/** Labels are `lo:` plus up to 12 characters; the label is also a glob for `ip addr show`, so no wildcards. */
export const isValidLabel = (label: string): boolean => /^lo:[A-Za-z0-9_-]{1,12}$/.test(label);

/**
 * The label of one agent instance: `lo:sk` + 10 hex digits of a hash of what makes it that
 * agent (node name and data folder). Stable across restarts, so a restarted agent (even after
 * kill -9) adopts and cleans what it left; different for two agents on one host, so neither
 * adopts, nor removes as stale, the other's addresses. Hashed because a readable name does
 * not fit in the 12 characters a label allows.
 */
export const instanceLabel = (...identity: string[]): string => `lo:sk${createHash('sha256').update(identity.join('\0')).digest('hex').slice(0, 10)}`;

export class LoopbackAddresses implements LocalAddresses {
  readonly label: string;
  readonly #run: IpRunner;

  constructor(label: string, run: IpRunner = runIp) {
    if (!isValidLabel(label)) throw new Error(`invalid loopback label "${label}" (want lo:<1-12 of [A-Za-z0-9_-]>)`);
    this.label = label;
    this.#run = run;
  }

  async list(): Promise<ListResult> {
    const r = await this.#run(['-o', '-4', 'addr', 'show', 'dev', 'lo', 'label', this.label]);
    if (r.code !== 0) return { ok: false, reason: 'Failed', error: r.stderr };
    return { ok: true, ips: [...r.stdout.matchAll(/\binet (\d+\.\d+\.\d+\.\d+)\/32\b/g)].map((m) => m[1]!) };
  }

  async add(ip: string): Promise<AddressResult> {
    const r = await this.#run(['addr', 'add', `${ip}/32`, 'dev', 'lo', 'label', this.label]);
    if (r.code === 0) return { ok: true };
    // Older iproute2 says "RTNETLINK answers: File exists", newer "Error: ipv4: Address already
    // assigned." (what a kill -9 leaves behind). Ours only if it is under our label.
    if (!/File exists|Address already assigned/i.test(r.stderr)) return { ok: false, reason: 'Failed', error: r.stderr };
    const mine = await this.list();
    if (!mine.ok) return mine;
    return mine.ips.includes(ip) ? { ok: true } : { ok: false, reason: 'HeldByOther', error: `${ip} is already on lo under another label than ${this.label} (another agent on this host, or one that was killed)` };
  }

  async remove(ip: string): Promise<AddressResult> {
    // With the label the kernel matches it too: someone else's address is "not found", never removed.
    const r = await this.#run(['addr', 'del', `${ip}/32`, 'dev', 'lo', 'label', this.label]);
    return r.code === 0 || /Cannot assign requested address|Address not found/i.test(r.stderr) ? { ok: true } : { ok: false, reason: 'Failed', error: r.stderr };
  }
}
