/**
 * The framework runtime: plugins sorted by extension point, and the loops that run them in
 * the order kube-scheduler does. It knows nothing about queues or the API; schedule-one.ts
 * drives it.
 */
import type { NodeInfo } from '../cache/node-info.ts';
import type { PodInfo } from '../cache/pod-info.ts';
import type { ClusterEvent } from '../queue/events.ts';
import { eventMatches } from '../queue/events.ts';
import type { CycleState } from './cycle-state.ts';
import type * as I from './interface.ts';
import { MAX_NODE_SCORE } from './interface.ts';
import { SUCCESS, errorStatus, withPlugin, type Status } from './status.ts';
import { WaitingPods } from './waiting-pods.ts';

/** Upstream caps a Permit plugin's wait at 15 minutes. */
export const MAX_PERMIT_TIMEOUT_MS = 15 * 60_000;

const has = <K extends string>(p: object, m: K): boolean => typeof (p as Record<string, unknown>)[m] === 'function';

export class Framework {
  readonly plugins: I.Plugin[];
  readonly queueSort: I.QueueSortPlugin | undefined;
  readonly preFilters: I.PreFilterPlugin[];
  readonly filters: I.FilterPlugin[];
  readonly postFilters: I.PostFilterPlugin[];
  readonly preScores: I.PreScorePlugin[];
  readonly scores: { plugin: I.ScorePlugin; weight: number }[];
  readonly reserves: I.ReservePlugin[];
  readonly permits: I.PermitPlugin[];
  readonly preBinds: I.PreBindPlugin[];
  readonly binds: I.BindPlugin[];
  readonly sinks: I.EventSink[];
  /** Pods held at Permit (their Reserve still held). */
  readonly waiting = new WaitingPods();
  readonly #enqueue: I.EnqueueExtensions[];
  readonly #interestCache = new Map<string, ReadonlySet<string>>();

  constructor(plugins: I.Plugin[], weights: ReadonlyMap<string, number> = new Map()) {
    this.plugins = plugins;
    this.queueSort = plugins.find((p): p is I.QueueSortPlugin => has(p, 'less'));
    this.preFilters = plugins.filter((p): p is I.PreFilterPlugin => has(p, 'preFilter'));
    this.filters = plugins.filter((p): p is I.FilterPlugin => has(p, 'filter'));
    this.postFilters = plugins.filter((p): p is I.PostFilterPlugin => has(p, 'postFilter'));
    this.preScores = plugins.filter((p): p is I.PreScorePlugin => has(p, 'preScore'));
    this.scores = plugins
      .filter((p): p is I.ScorePlugin => has(p, 'score'))
      .map((plugin) => ({ plugin, weight: weights.get(plugin.name) ?? 1 }))
      .filter((s) => s.weight > 0);
    this.reserves = plugins.filter((p): p is I.ReservePlugin => has(p, 'reserve'));
    this.permits = plugins.filter((p): p is I.PermitPlugin => has(p, 'permit'));
    this.preBinds = plugins.filter((p): p is I.PreBindPlugin => has(p, 'preBind'));
    this.binds = plugins.filter((p): p is I.BindPlugin => has(p, 'bind'));
    this.sinks = plugins.filter((p): p is I.EventSink => has(p, 'handleEvent'));
    this.#enqueue = plugins.filter((p): p is I.EnqueueExtensions => has(p, 'events'));
  }

  /** Names of plugins that registered for this event (cached per event kind). */
  interestedIn = (e: ClusterEvent): ReadonlySet<string> => {
    const k = `${e.resource}/${e.action}`;
    let s = this.#interestCache.get(k);
    if (!s) {
      s = new Set(this.#enqueue.filter((p) => p.events().some((r) => eventMatches(r, e))).map((p) => p.name));
      this.#interestCache.set(k, s);
    }
    return s;
  };

  runPreFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): I.PreFilterResult {
    let nodeNames: Set<string> | undefined;
    for (const p of this.preFilters) {
      let r: I.PreFilterResult;
      try {
        r = p.preFilter(state, pod, nodes);
      } catch (e) {
        return { status: withPlugin(errorStatus(e), p.name) };
      }
      if (r.status.code === 'Skip') {
        state.skipFilter.add(p.name);
        continue;
      }
      if (r.status.code !== 'Success') return { status: withPlugin(r.status, p.name) };
      if (r.nodeNames) nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => r.nodeNames!.has(n))) : new Set(r.nodeNames);
    }
    return { status: SUCCESS, nodeNames };
  }

  /** First rejection wins, as upstream (its reasons are what the user reads for this node). */
  runFilter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const filters = this.filters;
    for (let i = 0; i < filters.length; i++) {
      const p = filters[i]!;
      if (state.skipFilter.size && state.skipFilter.has(p.name)) continue;
      let s: Status;
      try {
        s = p.filter(state, pod, node);
      } catch (e) {
        s = errorStatus(e);
      }
      if (s.code !== 'Success') return withPlugin(s, p.name);
    }
    return SUCCESS;
  }

  runPostFilter(state: CycleState, pod: PodInfo, filtered: ReadonlyMap<string, Status>): I.PostFilterResult | undefined {
    let last: I.PostFilterResult | undefined;
    for (const p of this.postFilters) {
      const r = p.postFilter(state, pod, filtered);
      if (r.status.code === 'Success') return r;
      last = { ...r, status: withPlugin(r.status, p.name) };
    }
    return last;
  }

  /** Weighted sum of normalized scores per feasible node. */
  runScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Float64Array {
    for (const p of this.preScores) {
      const s = p.preScore(state, pod, nodes);
      if (s.code === 'Skip') state.skipScore.add(p.name);
    }
    const total = new Float64Array(nodes.length);
    for (const { plugin, weight } of this.scores) {
      if (state.skipScore.has(plugin.name)) continue;
      const scores: I.NodeScore[] = new Array(nodes.length);
      for (let i = 0; i < nodes.length; i++) scores[i] = { name: nodes[i]!.name, score: plugin.score(state, pod, nodes[i]!) };
      plugin.normalize?.(state, pod, scores);
      for (let i = 0; i < nodes.length; i++) total[i]! += Math.max(0, Math.min(MAX_NODE_SCORE, scores[i]!.score)) * weight;
    }
    return total;
  }

  runReserve(state: CycleState, pod: PodInfo, nodeName: string): Status {
    for (const p of this.reserves) {
      let s: Status;
      try {
        s = p.reserve(state, pod, nodeName);
      } catch (e) {
        s = errorStatus(e);
      }
      if (s.code !== 'Success') return withPlugin(s, p.name);
    }
    return SUCCESS;
  }

  runUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.reserves.length - 1; i >= 0; i--) {
      try {
        this.reserves[i]!.unreserve(state, pod, nodeName);
      } catch {
        /* unreserve must not stop the others */
      }
    }
  }

  /**
   * Permit, upstream semantics: any rejection wins (status returned, nothing registered);
   * otherwise, if some plugin said Wait, the pod is registered in `waiting` (now, inside the
   * synchronous cycle, so a later Permit can allow it) and Wait is returned; the binding
   * cycle then awaits `waitOnPermit`.
   */
  runPermit(state: CycleState, pod: PodInfo, nodeName: string): Status {
    const timeouts = new Map<string, number>();
    let waiting: Status | undefined;
    for (const p of this.permits) {
      let r: I.PermitResult;
      try {
        r = p.permit(state, pod, nodeName);
      } catch (e) {
        return withPlugin(errorStatus(e), p.name);
      }
      if (r.status.code === 'Wait') {
        waiting ??= withPlugin(r.status, p.name);
        timeouts.set(p.name, Math.max(0, Math.min(r.timeoutMs ?? MAX_PERMIT_TIMEOUT_MS, MAX_PERMIT_TIMEOUT_MS)));
      } else if (r.status.code !== 'Success') return withPlugin(r.status, p.name);
    }
    if (!waiting) return SUCCESS;
    this.waiting.add(pod, nodeName, timeouts);
    return waiting;
  }

  /** Resolves once every plugin that said Wait allowed the pod, or one rejected it / timed out. */
  waitOnPermit(pod: PodInfo): Promise<Status> {
    return this.waiting.wait(pod.key);
  }

  async runPreBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    for (const p of this.preBinds) {
      let s: Status;
      try {
        s = await p.preBind(state, pod, nodeName);
      } catch (e) {
        s = errorStatus(e);
      }
      if (s.code !== 'Success' && s.code !== 'Skip') return withPlugin(s, p.name);
    }
    return SUCCESS;
  }

  async runBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    for (const p of this.binds) {
      let s: Status;
      try {
        s = await p.bind(state, pod, nodeName);
      } catch (e) {
        s = errorStatus(e);
      }
      if (s.code === 'Skip') continue;
      return withPlugin(s, p.name);
    }
    return errorStatus(new Error('no bind plugin handled the pod'));
  }

  handleEvent(e: ClusterEvent, oldObj: unknown, newObj: unknown): void {
    for (const s of this.sinks) s.handleEvent(e, oldObj, newObj);
  }
}
