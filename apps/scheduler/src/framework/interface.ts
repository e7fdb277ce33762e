/**
 * One small interface per extension point (kube-scheduler framework/interface.go). Plugins
 * implement the ones they need and declare it with `satisfies`; the runtime finds them by
 * shape. Everything up to Permit is synchronous: a scheduling cycle never yields to the
 * event loop, so the cache cannot change under it. A Permit Wait is awaited in the binding
 * cycle (framework/waiting-pods.ts); PreBind and Bind are async (API writes).
 */
import type { CycleState } from './cycle-state.ts';
import type { Status } from './status.ts';
import type { NodeInfo } from '../cache/node-info.ts';
import type { PodInfo } from '../cache/pod-info.ts';
import type { QueuedPodInfo } from '../queue/queued-pod.ts';
import type { ClusterEvent } from '../queue/events.ts';

export interface Plugin {
  readonly name: string;
}

/** Which cluster changes may make a pod this plugin rejected schedulable (queueing hints, coarse). */
export interface EnqueueExtensions extends Plugin {
  events(): readonly ClusterEvent[];
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

export interface PreFilterResult {
  status: Status;
  /** Only these nodes can fit (e.g. NodeName, DRA claims already allocated to a node). */
  nodeNames?: ReadonlySet<string> | undefined;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterResult;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
}

export interface PostFilterResult {
  status: Status;
  nominatedNodeName?: string | undefined;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, filtered: ReadonlyMap<string, Status>): PostFilterResult;
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status;
}

export interface NodeScore {
  name: string;
  score: number;
}

export const MAX_NODE_SCORE = 100;

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Rescale this plugin's raw scores to 0..MAX_NODE_SCORE in place. */
  normalize?(state: CycleState, pod: PodInfo, scores: NodeScore[]): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status;
  /** Must be idempotent: called on every failure after Reserve, also for plugins that never reserved. */
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface PermitResult {
  status: Status;
  /** With status Wait: reject after this long unless allowed. */
  timeoutMs?: number;
}

export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: PodInfo, nodeName: string): PermitResult;
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status>;
}

export interface BindPlugin extends Plugin {
  /** Skip = not this binder's pod; the next binder is asked. */
  bind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status>;
}

/** Plugins that keep derived state (DRA device usage, claims) see every cluster event. */
export interface EventSink extends Plugin {
  handleEvent(ev: ClusterEvent, oldObj: unknown, newObj: unknown): void;
}

export interface PluginWeight {
  name: string;
  weight: number;
}
