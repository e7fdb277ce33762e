/**
 * The scheduler: cache + queue + framework, fed by cluster events (from informers, or
 * directly by the test Harness), and the loop that pops pods and runs scheduling cycles.
 * Only pods whose spec.schedulerName is ours, without nodeName, without schedulingGates and
 * not being deleted are queued; bound pods go to the cache.
 */
import type { Pod } from '@skiff/api';
import type { Logger } from '@skiff/logging';
import type { SchedulerApi } from './api.ts';
import { SchedulerCache } from './cache/cache.ts';
import { newPodInfo, type PodInfo } from './cache/pod-info.ts';
import { defaultConfig, type SchedulerConfig } from './config.ts';
import type { Ctx, Metrics } from './context.ts';
import { EventRecorder } from './explain/recorder.ts';
import type { Handle, Listers } from './framework/handle.ts';
import type { Plugin } from './framework/interface.ts';
import { Framework } from './framework/runtime.ts';
import { gangInfo, gangRefOf } from './gang/gang.ts';
import { scheduleGang } from './gang/schedule-gang.ts';
import { buildPlugins } from './plugins/registry.ts';
import { GangScheduling } from './plugins/names.ts';
import { lessPods } from './plugins/priority-sort/priority-sort.ts';
import { podPriority } from './priority.ts';
import type { ClusterEvent, EventAction, EventResource } from './queue/events.ts';
import { SchedulingQueue } from './queue/scheduling-queue.ts';
import { scheduleOne } from './schedule-one.ts';
import { RankingReuse } from './reuse/ranking.ts';
import { GangIndex } from './gang/index.ts';

export interface SchedulerOptions {
  api: SchedulerApi;
  listers: Listers;
  log: Logger;
  config?: Partial<SchedulerConfig>;
  now?: () => number;
  random?: () => number;
  /** Replace the configured plugins (tests). */
  plugins?: (h: Handle) => Plugin[];
}

const specChanged = (a: Pod, b: Pod): boolean => a.metadata.generation !== b.metadata.generation || JSON.stringify(a.spec) !== JSON.stringify(b.spec) || JSON.stringify(a.metadata.labels) !== JSON.stringify(b.metadata.labels);

/** A pod whose terms can change other pods' filters and scores on nodes other than its own. */
const hasPodAffinity = (p: Pod | undefined): boolean => !!(p?.spec?.affinity?.podAffinity || p?.spec?.affinity?.podAntiAffinity);

const terminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

export class Scheduler {
  readonly config: SchedulerConfig;
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly framework: Framework;
  readonly handle: Handle;
  readonly recorder: EventRecorder;
  readonly metrics: Metrics = { attempts: 0, scheduled: 0, unschedulable: 0, errors: 0, gangCycles: 0, lastGangCycleMs: 0 };
  readonly ctx: Ctx;
  #running = false;

  constructor(o: SchedulerOptions) {
    this.config = { ...defaultConfig(), ...o.config };
    const now = o.now ?? Date.now;
    let fw: Framework | undefined;
    this.handle = {
      cache: this.cache,
      api: o.api,
      listers: o.listers,
      log: o.log,
      schedulerName: this.config.schedulerName,
      now,
      framework: () => fw!,
    };
    const plugins = o.plugins ? o.plugins(this.handle) : buildPlugins(this.config.plugins, this.config.pluginArgs, this.handle);
    fw = this.framework = new Framework(plugins, new Map(Object.entries(this.config.scoreWeights)));
    const sort = this.framework.queueSort;
    this.queue = new SchedulingQueue({ less: sort ? (a, b) => sort.less(a, b) : lessPods, now, initialBackoffMs: this.config.backoffInitialMs, maxBackoffMs: this.config.backoffMaxMs });
    this.recorder = new EventRecorder(o.api, this.config.schedulerName, o.log, now);
    this.handle.event = (obj, type, reason, message) => this.recorder.event(obj, type, reason, message);
    this.handle.requeue = (key) => this.queue.activate(key);
    this.ctx = {
      fw: this.framework,
      cache: this.cache,
      queue: this.queue,
      handle: this.handle,
      config: this.config,
      recorder: this.recorder,
      sampler: { next: 0, percentage: this.config.percentageOfNodesToScore, random: o.random ?? Math.random },
      reuse: new RankingReuse(),
      gangs: new GangIndex(),
      metrics: this.metrics,
      bindings: new Set(),
    };
  }

  /** Every cluster change enters here: keep the cache and plugin state current, re-queue pods. */
  onEvent(resource: EventResource, action: EventAction, oldObj: unknown, newObj: unknown): void {
    // Rankings survive what cannot move a node's filter or score (reuse/ranking.ts): node and
    // plain pod changes are tracked per node, PodGroups only gate gangs as a whole.
    if (resource !== 'Node' && resource !== 'PodGroup' && (resource !== 'Pod' || hasPodAffinity(oldObj as Pod | undefined) || hasPodAffinity(newObj as Pod | undefined))) this.cache.epoch++;
    if (resource === 'Node') this.#onNode(action, (newObj ?? oldObj) as never);
    if (resource === 'DeviceClass' || resource === 'ResourceSlice' || resource === 'ResourceClaim') {
      const meta = ((newObj ?? oldObj) as { metadata?: { name?: string; namespace?: string } } | undefined)?.metadata;
      if (meta) this.cache.devices.onEvent(resource, meta.name ?? '', meta.namespace, action === 'Delete' ? undefined : newObj);
    }
    if (resource === 'Pod') {
      // A delete may carry the pod in either slot.
      if (action === 'Delete') this.ctx.gangs.update((oldObj ?? newObj) as Pod | undefined, undefined);
      else this.ctx.gangs.update(oldObj as Pod | undefined, newObj as Pod | undefined);
      if (!this.#onPod(action, oldObj as Pod | undefined, newObj as Pod | undefined)) return;
    }
    const e: ClusterEvent = { resource, action };
    this.framework.handleEvent(e, oldObj, newObj);
    this.queue.onEvent(e, this.#interested);
  }

  #interested = (e: ClusterEvent): ReadonlySet<string> => {
    const s = this.framework.interestedIn(e);
    // Gangs wait for their PodGroup. (A new member needs no event: it is queued itself and,
    // once popped, takes every parked member of its gang into the cycle.)
    if (e.resource === 'PodGroup') return new Set([...s, GangScheduling]);
    return s;
  };

  #onNode(action: EventAction, node: { metadata: { name?: string } } | undefined): void {
    if (!node) return;
    if (action === 'Delete') this.cache.removeNode(node.metadata.name ?? '');
    else this.cache.addOrUpdateNode(node as never);
  }

  /** Returns whether the change is a cluster event for re-queueing (assigned pod added/removed). */
  #onPod(action: EventAction, oldPod: Pod | undefined, pod: Pod | undefined): boolean {
    const p = pod ?? oldPod;
    if (!p) return false;
    const key = `${p.metadata.namespace ?? 'default'}/${p.metadata.name ?? ''}`;
    if (action === 'Delete') {
      this.queue.delete(key);
      this.cache.removePod(key);
      return true;
    }
    const node = pod!.spec?.nodeName;
    if (node) {
      this.queue.delete(key);
      if (terminal(pod!)) {
        this.cache.removePod(key);
        return !terminal(oldPod ?? pod!) ? true : false;
      }
      const wasBound = !!oldPod?.spec?.nodeName;
      this.cache.addPod(this.podInfo(pod!), node);
      return !wasBound;
    }
    if (!this.#responsible(pod!)) {
      this.queue.delete(key);
      return false;
    }
    const info = this.podInfo(pod!);
    // Only spec/label changes give a parked pod another try; our own status writes must not
    // (they would loop: fail → write condition → update → retry → fail …).
    if (this.queue.has(key)) {
      if (!oldPod || specChanged(oldPod, pod!)) this.queue.update(info);
    }
    else if (!this.queue.isInFlight(key)) this.#enqueue(info);
    return false;
  }

  #responsible(p: Pod): boolean {
    return (p.spec?.schedulerName ?? 'default-scheduler') === this.config.schedulerName && !p.spec?.schedulingGates?.length && !p.metadata.deletionTimestamp && !terminal(p);
  }

  #enqueue(info: PodInfo): void {
    const ref = gangRefOf(info.pod);
    if (!ref) return this.queue.add(info);
    const g = gangInfo(this.handle.listers, ref);
    this.queue.add(info, g.isGang ? ref.key : undefined, g.isGang ? g.createdAt : undefined);
  }

  podInfo(pod: Pod): PodInfo {
    return newPodInfo(pod, podPriority(pod, this.handle.listers.priorityClasses));
  }

  /** Run one cycle for the next active pod; false when the active queue is empty. */
  scheduleNext(): boolean {
    const q = this.queue.tryPop();
    if (!q) return false;
    this.#cycle(q);
    return true;
  }

  #cycle(q: NonNullable<ReturnType<SchedulingQueue['tryPop']>>): void {
    try {
      if (q.gang) scheduleGang(this.ctx, q);
      else scheduleOne(this.ctx, q);
    } catch (e) {
      // A bug in a plugin must not kill the loop: report it and back the pod off.
      this.handle.log.error({ err: e, pod: q.info.key }, 'scheduling cycle failed');
      this.queue.requeue(q, [], true);
    }
  }

  /** Schedule until the active queue is empty and every binding has finished (tests, benchmarks). */
  async drain(): Promise<void> {
    for (;;) {
      while (this.scheduleNext()) {
        if (this.ctx.bindings.size >= this.config.maxInFlightBindings) await Promise.race(this.ctx.bindings);
      }
      if (this.ctx.bindings.size === 0) return;
      await Promise.race(this.ctx.bindings);
    }
  }

  /** The loop: pop (waiting while empty), cycle, and yield to I/O every few ms. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.#running) throw new Error('scheduler already running');
    this.#running = true;
    signal.addEventListener('abort', () => this.queue.close(), { once: true });
    let lastYield = performance.now();
    while (!signal.aborted) {
      const q = await this.queue.pop();
      if (!q || signal.aborted) break;
      this.#cycle(q);
      if (this.ctx.bindings.size >= this.config.maxInFlightBindings) await Promise.race(this.ctx.bindings);
      if (performance.now() - lastYield > 4) {
        await new Promise((r) => setImmediate(r)); // let watch events and binding replies in
        lastYield = performance.now();
      }
    }
    await Promise.allSettled([...this.ctx.bindings]);
    this.#running = false;
  }
}
