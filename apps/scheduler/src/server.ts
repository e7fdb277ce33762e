/**
 * The scheduler process: leader election on the Lease kube-system/skiff-scheduler (so two
 * schedulers can run and only one acts), and while leading: informers → cache sync →
 * the scheduling loop. Losing the lease stops the loop and the informers; the next term
 * starts from a fresh list, so no state outlives leadership.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { RestClient, SharedInformerFactory } from '@skiff/client';
import { LeaderElector } from '@skiff/controller';
import type { Logger } from '@skiff/logging';
import type { SchedulerConfig } from './config.ts';
import { connectInformers, informerListers } from './informers.ts';
import { Scheduler } from './scheduler.ts';

export interface SchedulerServerOptions {
  client: RestClient;
  log: Logger;
  config: SchedulerConfig;
  leaderElect?: boolean;
  identity?: string;
  leaseNamespace?: string;
  leaseName?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  onLostLeadership?: () => void;
}

export class SchedulerServer {
  readonly identity: string;
  scheduler: Scheduler | undefined;
  readonly #o: SchedulerServerOptions;
  #elector: LeaderElector | undefined;
  #stopTerm: (() => Promise<void>) | undefined;
  #stopped = false;

  constructor(o: SchedulerServerOptions) {
    this.#o = o;
    this.identity = o.identity ?? `${hostname()}_${randomUUID()}`;
  }

  isLeader(): boolean {
    return this.#o.leaderElect === false ? !!this.scheduler : (this.#elector?.isLeader() ?? false);
  }

  async start(): Promise<void> {
    if (this.#o.leaderElect === false) {
      await this.#lead(new AbortController().signal);
      return;
    }
    this.#elector = new LeaderElector({
      client: this.#o.client,
      namespace: this.#o.leaseNamespace ?? 'kube-system',
      name: this.#o.leaseName ?? 'skiff-scheduler',
      identity: this.identity,
      ...(this.#o.leaseDurationMs ? { leaseDurationMs: this.#o.leaseDurationMs } : {}),
      ...(this.#o.renewDeadlineMs ? { renewDeadlineMs: this.#o.renewDeadlineMs } : {}),
      ...(this.#o.retryPeriodMs ? { retryPeriodMs: this.#o.retryPeriodMs } : {}),
      onStartedLeading: (signal) => this.#lead(signal),
      onStoppedLeading: () => {
        void this.#stopTerm?.();
        if (!this.#stopped) this.#o.onLostLeadership?.();
      },
      onNewLeader: (id) => this.#o.log.info({ leader: id }, 'leader'),
      onError: (e) => this.#o.log.warn({ err: e }, 'leader election'),
    });
    void this.#elector.run();
  }

  async #lead(signal: AbortSignal): Promise<void> {
    const { client, log, config } = this.#o;
    const factory = new SharedInformerFactory(client, { onError: (e: unknown) => log.warn({ err: e }, 'informer') });
    const scheduler = new Scheduler({ api: client, listers: informerListers(factory), log, config });
    connectInformers(factory, scheduler);
    factory.start();
    const ac = new AbortController();
    signal.addEventListener('abort', () => ac.abort(), { once: true });
    if (!(await factory.waitForSync(ac.signal))) return void (await factory.stop());
    this.scheduler = scheduler;
    log.info({ identity: this.identity, nodes: scheduler.cache.nodeCount, pending: scheduler.queue.sizes }, 'scheduler leading; caches synced');
    const loop = scheduler.run(ac.signal);
    this.#stopTerm = async () => {
      ac.abort();
      await loop;
      await factory.stop();
      this.scheduler = undefined;
    };
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#elector?.stop();
    await this.#stopTerm?.();
  }
}
