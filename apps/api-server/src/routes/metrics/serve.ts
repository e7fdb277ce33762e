/**
 * metrics.k8s.io/v1beta1 reads: NodeMetrics and PodMetrics lists (labelSelector and
 * fieldSelector on the Node's or Pod's own labels and name) and gets, computed per request
 * from the node agents (agent-stats.ts) the way metrics-server answers them:
 * - only Running pods, matched to the agent's sample by uid; lists sorted by (namespace,) name;
 * - a node that does not answer is left out of a list;
 * - get of a missing Node or Pod is the core NotFound (`nodes "x" not found`); of one without
 *   metrics `nodemetrics.metrics.k8s.io "x" not found` / `podmetrics.metrics.k8s.io "ns/x" not found`.
 * Everything else is refused before this (dispatch.ts: the kinds' verbs are get and list).
 */
import { apiVersionOf, errors, registry, type KubeObject, type Node, type Pod } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { TABLE_CONTENT_TYPE } from '../../http/accept.ts';
import { reply, type JsonReply } from '../../http/reply.ts';
import { keyFor, prefixFor } from '../resources/names.ts';
import type { ResourceRequest } from '../resources/request.ts';
import { selectionFromQuery } from '../resources/selection.ts';
import { includeObjectFrom, toTable } from '../resources/table.ts';
import { fetchStatsOfNodes, type AgentStats } from './agent-stats.ts';
import { nodeMetrics, podMetrics } from './objects.ts';

export const METRICS_GROUP = 'metrics.k8s.io';

const nodeType = registry.byPlural('', 'v1', 'nodes')!;
const podType = registry.byPlural('', 'v1', 'pods')!;

/** Go's string order (byte-wise), as metrics-server sorts. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const isMetricsRequest = (req: ResourceRequest): boolean => req.type.group === METRICS_GROUP;

function answer(req: ResourceRequest, items: KubeObject[], ctx: ServerContext): JsonReply {
  if (req.accept.table) return reply(200, toTable(req.type, items, {}, ctx.now(), includeObjectFrom(req.query)), { 'content-type': TABLE_CONTENT_TYPE });
  if (req.name !== undefined) return reply(200, items[0]);
  return reply(200, { kind: req.type.listKind, apiVersion: apiVersionOf(req.type), metadata: {}, items });
}

function podUse(stats: Map<string, AgentStats>, pod: Pod): { use: AgentStats['pods'][number]; node: AgentStats } | undefined {
  const node = stats.get(pod.spec?.nodeName ?? '');
  const use = node?.pods.find((p) => p.uid === pod.metadata.uid);
  return node && use ? { use, node } : undefined;
}

async function nodes(ctx: ServerContext, req: ResourceRequest): Promise<KubeObject[]> {
  let list: Node[];
  if (req.name !== undefined) {
    const stored = ctx.store.get(keyFor(nodeType, undefined, req.name));
    if (!stored) throw errors.notFound('nodes', '', req.name);
    list = [stored.object as Node];
  } else {
    const pred = selectionFromQuery(req.type, req.query);
    list = ctx.store.list(prefixFor(nodeType, undefined)).items.map((s) => s.object as Node).filter((n) => !pred || pred(n));
  }
  const stats = await fetchStatsOfNodes(ctx, list.map((n) => n.metadata.name!), req.authorization);
  const now = ctx.now();
  const out = list.flatMap((n) => {
    const s = stats.get(n.metadata.name!);
    const m = s && nodeMetrics(n, s, now);
    return m ? [m] : [];
  });
  if (req.name !== undefined && out.length === 0) throw errors.notFound('nodemetrics', METRICS_GROUP, req.name);
  return out.sort((a, b) => cmp(a.metadata.name!, b.metadata.name!));
}

async function pods(ctx: ServerContext, req: ResourceRequest): Promise<KubeObject[]> {
  let list: Pod[];
  if (req.name !== undefined) {
    const stored = ctx.store.get(keyFor(podType, req.namespace, req.name));
    if (!stored) throw errors.notFound('pods', '', req.name);
    list = [stored.object as Pod];
  } else {
    const pred = selectionFromQuery(req.type, req.query);
    list = ctx.store.list(prefixFor(podType, req.namespace)).items.map((s) => s.object as Pod).filter((p) => !pred || pred(p));
  }
  list = list.filter((p) => p.status?.phase === 'Running' && p.spec?.nodeName);
  const stats = await fetchStatsOfNodes(ctx, list.map((p) => p.spec!.nodeName!), req.authorization);
  const now = ctx.now();
  const out = list.flatMap((p) => {
    const found = podUse(stats, p);
    return found ? [podMetrics(p, found.use, found.node.gpus.devices, now)] : [];
  });
  if (req.name !== undefined && out.length === 0) throw errors.notFound('podmetrics', METRICS_GROUP, `${req.namespace}/${req.name}`);
  return out.sort((a, b) => cmp(a.metadata.namespace!, b.metadata.namespace!) || cmp(a.metadata.name!, b.metadata.name!));
}

export async function serveMetrics(ctx: ServerContext, req: ResourceRequest): Promise<JsonReply> {
  const items = req.type.kind === 'NodeMetrics' ? await nodes(ctx, req) : await pods(ctx, req);
  return answer(req, items, ctx);
}
