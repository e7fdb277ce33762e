/**
 * Leader election on a coordination.k8s.io/v1 Lease (client-go tools/leaderelection):
 * - acquire when the lease is free, ours, or expired — expiry measured on *our* clock
 *   from when we last saw the record change, so clock skew between holders is harmless;
 * - renew every retryPeriod; if no renew succeeds for renewDeadline, stop leading;
 * - every write is a PUT carrying the resourceVersion we read, so two candidates racing
 *   for an expired lease cannot both win (the loser gets Conflict);
 * - on stop while leading, release the lease (empty holder) so a successor need not wait.
 */
import type { KubeObject } from '@skiff/api';
import { nowMicroTime } from '@skiff/api';
import { isNotFound, realDelay, type DelayFn, type ResourceRef, type Scope, type WriteOptions } from '@skiff/client';

export const leasesRef: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespaced: true, kind: 'Lease' };

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}
export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

/** What the elector needs from a client; RestClient satisfies it. */
export interface LeaseClient {
  get<T extends KubeObject>(ref: ResourceRef, name: string, o?: Scope): Promise<T>;
  create<T extends KubeObject>(ref: ResourceRef, obj: T, o?: WriteOptions): Promise<T>;
  update<T extends KubeObject>(ref: ResourceRef, obj: T, o?: WriteOptions): Promise<T>;
}

export interface LeaderElectionConfig {
  client: LeaseClient;
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  releaseOnCancel?: boolean;
  /** Called when leadership is won; `signal` aborts when it is lost. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  onStoppedLeading?(): void;
  onNewLeader?(identity: string): void;
  onError?(e: unknown): void;
  now?: () => number;
  delay?: DelayFn;
}

export class LeaderElector {
  readonly #c: Required<Pick<LeaderElectionConfig, 'leaseDurationMs' | 'renewDeadlineMs' | 'retryPeriodMs' | 'releaseOnCancel' | 'now' | 'delay'>> &
    LeaderElectionConfig;
  readonly #ac = new AbortController();
  #observed: { key: string; at: number; lease: Lease } | undefined;
  #leading = false;
  #leader: string | undefined;
  #running: Promise<void> | undefined;

  constructor(config: LeaderElectionConfig) {
    this.#c = {
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      releaseOnCancel: true,
      now: Date.now,
      delay: realDelay,
      ...config,
    };
    if (this.#c.renewDeadlineMs >= this.#c.leaseDurationMs) throw new Error('leaseDuration must be greater than renewDeadline');
  }

  isLeader(): boolean {
    return this.#leading;
  }

  /** The identity last seen holding the lease. */
  getLeader(): string | undefined {
    return this.#leader;
  }

  /** Campaign, lead until the lease is lost or stop() is called, then resolve. One run per elector. */
  run(): Promise<void> {
    this.#running ??= this.#run();
    return this.#running;
  }

  async stop(): Promise<void> {
    this.#ac.abort();
    await this.#running;
  }

  async #run(): Promise<void> {
    const { delay, retryPeriodMs, renewDeadlineMs, now } = this.#c;
    const signal = this.#ac.signal;
    while (!signal.aborted && !(await this.#tryAcquireOrRenew())) await delay(retryPeriodMs, signal);
    if (signal.aborted) return;

    this.#leading = true;
    const leadership = new AbortController();
    Promise.resolve()
      .then(() => this.#c.onStartedLeading(leadership.signal))
      .catch((e) => this.#report(e));
    let lastRenew = now();
    while (!signal.aborted) {
      await delay(retryPeriodMs, signal);
      if (signal.aborted) break;
      if (await this.#tryAcquireOrRenew()) lastRenew = now();
      else if (now() - lastRenew >= renewDeadlineMs) break; // lost it
    }
    this.#leading = false;
    leadership.abort();
    if (signal.aborted && this.#c.releaseOnCancel) await this.#release();
    this.#c.onStoppedLeading?.();
  }

  async #tryAcquireOrRenew(): Promise<boolean> {
    const { client, namespace, name, identity, now } = this.#c;
    const t = now();
    let lease: Lease;
    try {
      lease = await client.get<Lease>(leasesRef, name, { namespace });
    } catch (e) {
      if (!isNotFound(e)) return this.#report(e);
      const fresh: Lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace },
        spec: this.#spec({}, t, true), // no previous holder: leaseTransitions 0
      };
      return this.#write(() => client.create(leasesRef, fresh, { namespace }));
    }
    const spec = lease.spec ?? {};
    this.#observe(lease, t);
    if (spec.holderIdentity) this.#setLeader(spec.holderIdentity);
    const ours = spec.holderIdentity === identity;
    if (spec.holderIdentity && !ours && !this.#expired(spec, t)) return false;
    const next: Lease = { ...lease, spec: this.#spec(spec, t, !ours) };
    return this.#write(() => client.update(leasesRef, next, { namespace }));
  }

  #spec(old: LeaseSpec, t: number, takeover: boolean): LeaseSpec {
    const micro = nowMicroTime(t);
    return {
      holderIdentity: this.#c.identity,
      leaseDurationSeconds: Math.ceil(this.#c.leaseDurationMs / 1000),
      acquireTime: takeover ? micro : (old.acquireTime ?? micro),
      renewTime: micro,
      leaseTransitions: takeover ? (old.leaseTransitions ?? -1) + 1 : (old.leaseTransitions ?? 0),
    };
  }

  async #write(op: () => Promise<Lease>): Promise<boolean> {
    try {
      const written = await op();
      this.#observe(written, this.#c.now());
      this.#setLeader(this.#c.identity);
      return true;
    } catch {
      return false; // Conflict / AlreadyExists: someone else moved first; retry next period
    }
  }

  /** Remember when the record last changed, on our clock. */
  #observe(lease: Lease, t: number): void {
    const key = `${lease.metadata.resourceVersion}|${JSON.stringify(lease.spec ?? {})}`;
    if (this.#observed?.key !== key) this.#observed = { key, at: t, lease };
  }

  #expired(spec: LeaseSpec, t: number): boolean {
    const durationMs = (spec.leaseDurationSeconds ?? this.#c.leaseDurationMs / 1000) * 1000;
    return (this.#observed?.at ?? t) + durationMs <= t;
  }

  async #release(): Promise<void> {
    const lease = this.#observed?.lease;
    if (!lease?.spec || lease.spec.holderIdentity !== this.#c.identity) return;
    const t = this.#c.now();
    const { holderIdentity: _dropped, ...rest } = lease.spec;
    const released: Lease = { ...lease, spec: { ...rest, leaseDurationSeconds: 1, renewTime: nowMicroTime(t) } };
    try {
      await this.#c.client.update(leasesRef, released, { namespace: this.#c.namespace });
    } catch (e) {
      this.#report(e);
    }
  }

  #setLeader(identity: string): void {
    if (identity === this.#leader) return;
    this.#leader = identity;
    this.#c.onNewLeader?.(identity);
  }

  #report(e: unknown): false {
    this.#c.onError?.(e);
    return false;
  }
}
