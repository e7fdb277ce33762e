/**
 * The controller-manager process: one RestClient, one SharedInformerFactory (one watch per
 * kind), the selected controllers, all started only while this replica holds the Lease
 * kube-system/skiff-controller-manager, and stopped the moment it is lost.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { SharedInformerFactory, withBatchedCreates, type RestClient } from '@skiff/client';
import { EventBroadcaster, LeaderElector, type Controller } from '@skiff/controller';
import { silentLogger, type Logger } from '@skiff/logging';
import { DEFAULT_OPTIONS, type ControllerDeps, type ManagerOptions } from './deps.ts';
import { ManagerMetrics } from './metrics.ts';
import { CONTROLLERS, selectControllers } from './registry.ts';

export interface ManagerConfig {
  client: RestClient;
  controllers?: readonly string[];
  options?: Partial<ManagerOptions>;
  logger?: Logger;
  now?: () => number;
  leaderElection?: boolean;
  identity?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Told when leadership is lost (main exits the process, as upstream does). */
  onLostLeadership?: () => void;
}

export class ControllerManager {
  readonly metrics = new ManagerMetrics();
  readonly identity: string;
  readonly #cfg: ManagerConfig;
  readonly #logger: Logger;
  #elector: LeaderElector | undefined;
  #running: { factory: SharedInformerFactory; controllers: Controller[]; events: EventBroadcaster } | undefined;
  #leading = false;

  constructor(cfg: ManagerConfig) {
    this.#cfg = cfg;
    this.#logger = cfg.logger ?? silentLogger('controller-manager');
    this.identity = cfg.identity ?? `${hostname()}_${randomUUID()}`;
    selectControllers(cfg.controllers ?? ['*']); // fail fast on unknown names
  }

  isLeader(): boolean {
    return this.#leading;
  }

  get controllers(): readonly Controller[] {
    return this.#running?.controllers ?? [];
  }

  async start(): Promise<void> {
    if (this.#cfg.leaderElection === false) return this.#startControllers();
    this.#elector = new LeaderElector({
      client: this.#cfg.client,
      namespace: 'kube-system',
      name: 'skiff-controller-manager',
      identity: this.identity,
      ...(this.#cfg.leaseDurationMs ? { leaseDurationMs: this.#cfg.leaseDurationMs } : {}),
      ...(this.#cfg.renewDeadlineMs ? { renewDeadlineMs: this.#cfg.renewDeadlineMs } : {}),
      ...(this.#cfg.retryPeriodMs ? { retryPeriodMs: this.#cfg.retryPeriodMs } : {}),
      onStartedLeading: () => this.#startControllers(),
      onStoppedLeading: () => {
        const was = this.#leading;
        void this.#stopControllers().then(() => {
          if (was) this.#cfg.onLostLeadership?.();
        });
      },
      onNewLeader: (id) => this.#logger.info({ leader: id }, 'new leader'),
      onError: (e) => this.#logger.warn({ err: e }, 'leader election'),
    });
    void this.#elector.run();
  }

  async stop(): Promise<void> {
    await this.#elector?.stop();
    await this.#stopControllers();
  }

  async #startControllers(): Promise<void> {
    if (this.#running) return;
    this.#leading = true;
    const factory = new SharedInformerFactory(this.#cfg.client, { onError: (e) => this.#logger.warn({ err: e }, 'informer') });
    const now = this.#cfg.now ?? Date.now;
    const events = new EventBroadcaster(this.#cfg.client, { now, onError: (e, ev) => this.#logger.debug({ err: e, reason: ev.reason }, 'could not write event') });
    const deps: ControllerDeps = {
      // Creates of one turn (a ReplicaSet's slow-start batch) in one request: @skiff/client batched-creates.ts.
      client: withBatchedCreates(this.#cfg.client),
      factory,
      now,
      logger: this.#logger,
      hooks: this.metrics.hooks,
      options: { ...DEFAULT_OPTIONS, ...apiServerOf(this.#cfg.client.server), ...this.#cfg.options },
      recorder: (component) => events.newRecorder(component),
    };
    const selected = selectControllers(this.#cfg.controllers ?? ['*'], CONTROLLERS);
    const controllers = selected.map((d) => d.create(deps));
    this.#running = { factory, controllers, events };
    for (const c of controllers) {
      this.metrics.track(c);
      void c.start();
    }
    factory.start();
    this.#logger.info({ controllers: selected.map((d) => d.name) }, 'controllers started');
  }

  async #stopControllers(): Promise<void> {
    const r = this.#running;
    this.#running = undefined;
    this.#leading = false;
    if (!r) return;
    await Promise.all(r.controllers.map((c) => c.stop()));
    for (const c of r.controllers) this.metrics.untrack(c);
    await r.factory.stop();
    await r.events.flush();
  }
}

/** The api-server this manager talks to, as host and port (default/kubernetes points there). */
function apiServerOf(server: string): { apiServer?: { host: string; port: number } } {
  try {
    const u = new URL(server);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    return { apiServer: { host, port: Number(u.port) || (u.protocol === 'https:' ? 443 : 80) } };
  } catch {
    return {};
  }
}
