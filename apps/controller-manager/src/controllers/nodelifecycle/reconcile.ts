/**
 * Node lifecycle (upstream node_lifecycle_controller + taint manager):
 * - a node whose Lease (kube-node-lease/<node>) and Ready heartbeat are both older than the
 *   grace period gets every condition set Unknown (Ready: NodeStatusUnknown, "Kubelet
 *   stopped posting node status.");
 * - Ready Unknown/False → unreachable/not-ready taints, NoSchedule and NoExecute; removed
 *   when Ready is True again;
 * - while not Ready, its pods are marked not ready (mark-pods.ts);
 * - pods not tolerating a NoExecute taint (or past their tolerationSeconds) get a
 *   DisruptionTarget condition (DeletionByTaintManager) and a graceful delete.
 * Events as upstream: RegisteredNode / RemovingNode and NodeNotReady on the node
 * (node-controller), NodeNotReady on its pods, TaintManagerEviction on evicted pods
 * (taint-eviction-controller).
 * Every node is looked at again each monitor period.
 */
import type { Lease, Node, Pod } from '@skiff/api';
import { nowRfc3339 } from '@skiff/api';
import { isNotFound, type Informer } from '@skiff/client';
import type { EventSink, ReconcileContext, Reconciler, Request, Result } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import { nodeLeasesRef, nodesRef, podsRef } from '../../refs.ts';
import { about, SOURCES } from '../../util/events.ts';
import { isPodFinished, isTerminating } from '../../util/pods.ts';
import { markPodsNotReady } from './mark-pods.ts';
import { evictionTime, reconcileTaints } from './taints.ts';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export class NodeLifecycleReconciler implements Reconciler {
  readonly #deps: ControllerDeps;
  readonly #nodes: Informer<Node>;
  readonly #leases: Informer<Lease>;
  readonly #pods: Informer<Pod>;
  readonly #nodeEvents: EventSink;
  readonly #evictionEvents: EventSink;
  /** Nodes this controller has seen (upstream knownNodeSet): RegisteredNode once, RemovingNode when gone. */
  readonly #known = new Map<string, Node>();

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    this.#nodeEvents = deps.recorder(SOURCES.node);
    this.#evictionEvents = deps.recorder(SOURCES.taintEviction);
    this.#nodes = deps.factory.informerFor<Node>(nodesRef);
    this.#leases = deps.factory.informerFor<Lease>(nodeLeasesRef, { namespace: NODE_LEASE_NAMESPACE });
    this.#pods = deps.factory.informerFor<Pod>(podsRef);
  }

  async reconcile(ctx: ReconcileContext, req: Request): Promise<Result> {
    const cached = this.#nodes.lister.get('', req.name);
    if (!cached) {
      const gone = this.#known.get(req.name);
      this.#known.delete(req.name);
      if (gone) this.#nodeEvent(gone, 'RemovingNode', `Node ${req.name} event: Removing Node ${req.name} from Controller`);
      return {};
    }
    if (!this.#known.has(req.name)) this.#nodeEvent(cached, 'RegisteredNode', `Node ${req.name} event: Registered Node ${req.name} in Controller`);
    this.#known.set(req.name, cached);
    const now = this.#deps.now();
    const period = this.#deps.options.nodeMonitorPeriodMs;
    let node = cached;
    try {
      node = (await this.#markUnknownIfSilent(ctx, node, now)) ?? node;
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
      if (ready !== undefined && ready !== 'True') await markPodsNotReady(this.#deps.client, this.#nodeEvents, this.#pods.lister.byNodeName(req.name), now, ctx.signal);
      const taints = reconcileTaints(node, ready, nowRfc3339(now));
      if (taints) {
        node = await this.#deps.client.patch<Node>(nodesRef, req.name, 'merge', { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints: taints.length ? taints : null } }, { signal: ctx.signal });
      }
      const next = await this.#evict(ctx, node, now);
      return { requeueAfterMs: Math.min(period, next ?? period) };
    } catch (e) {
      if (isNotFound(e)) return {};
      throw e;
    }
  }

  /** The last sign of life: the Lease renewal or the Ready heartbeat, else creation. */
  lastHeartbeat(node: Node): number {
    const lease = this.#leases.lister.get(NODE_LEASE_NAMESPACE, node.metadata.name ?? '');
    const renew = Date.parse((lease?.spec as { renewTime?: string } | undefined)?.renewTime ?? '');
    const ready = Date.parse(node.status?.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime ?? '');
    const created = Date.parse(node.metadata.creationTimestamp ?? '');
    return Math.max(...[renew, ready, created].map((t) => (Number.isFinite(t) ? t : 0)));
  }

  async #markUnknownIfSilent(ctx: ReconcileContext, node: Node, now: number): Promise<Node | undefined> {
    if (now - this.lastHeartbeat(node) <= this.#deps.options.nodeMonitorGracePeriodMs) return undefined;
    const conds = node.status?.conditions ?? [];
    if (conds.length && conds.every((c) => c.status === 'Unknown')) return undefined;
    const t = nowRfc3339(now);
    const message = 'Kubelet stopped posting node status.';
    const unknown = (type: string, prev?: (typeof conds)[number]) => ({
      type,
      status: 'Unknown' as const,
      reason: 'NodeStatusUnknown',
      message,
      lastHeartbeatTime: prev?.lastHeartbeatTime ?? t,
      lastTransitionTime: prev?.status === 'Unknown' ? (prev.lastTransitionTime ?? t) : t,
    });
    const next = conds.map((c) => unknown(c.type, c));
    if (!next.some((c) => c.type === 'Ready')) next.push(unknown('Ready'));
    this.#deps.logger.warn({ node: node.metadata.name }, 'node stopped posting status');
    const out = await this.#deps.client.patch<Node>(nodesRef, node.metadata.name ?? '', 'merge', { status: { conditions: next } }, { subresource: 'status', signal: ctx.signal });
    // Upstream records the change only when the node was Ready before (RecordNodeStatusChange).
    if (conds.find((c) => c.type === 'Ready')?.status === 'True') this.#nodeEvent(node, 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`);
    return out;
  }

  #nodeEvent(node: Node, reason: string, message: string): void {
    this.#nodeEvents.event(about(nodesRef, node), 'Normal', reason, message);
  }

  /** Evict what must go now; returns ms until the next eviction is due. */
  async #evict(ctx: ReconcileContext, node: Node, now: number): Promise<number | undefined> {
    const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (!taints.length) return undefined;
    let next: number | undefined;
    for (const pod of this.#pods.lister.byNodeName(node.metadata.name ?? '')) {
      if (isTerminating(pod) || isPodFinished(pod)) continue;
      const at = evictionTime(pod, taints);
      if (at === undefined) continue;
      if (at > now) {
        next = Math.min(next ?? Infinity, at - now + 10);
        continue;
      }
      await this.#evictPod(ctx, pod, now);
    }
    return next;
  }

  async #evictPod(ctx: ReconcileContext, pod: Pod, now: number): Promise<void> {
    const o = { namespace: pod.metadata.namespace, signal: ctx.signal };
    const t = nowRfc3339(now);
    const cond = { type: 'DisruptionTarget', status: 'True' as const, reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: t };
    const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), cond];
    try {
      this.#evictionEvents.event(about(podsRef, pod), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`);
      await this.#deps.client.patch(podsRef, pod.metadata.name ?? '', 'merge', { status: { conditions } }, { ...o, subresource: 'status' });
      await this.#deps.client.delete(podsRef, pod.metadata.name ?? '', o);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
