/**
 * POST pods/<name>/eviction: a delete that respects PodDisruptionBudgets (upstream
 * pkg/registry/core/pod/storage/eviction.go, what `kubectl drain` posts).
 *
 * - pod missing → 404; a pod that is terminal, Pending or already being deleted has disrupted
 *   nothing a budget protects, so it is deleted without looking at budgets;
 * - more than one matching budget → 500 (upstream does not pick one);
 * - one budget → take a disruption from it (eviction-budget.ts; 429 when none is allowed), or,
 *   for a pod that is not Ready while the budget is already met, delete it without taking one;
 * - then mark the pod DisruptionTarget=True (EvictionByEvictionAPI) and delete it with the
 *   Eviction's deleteOptions. 201 `Status Success`. dryRun (query or deleteOptions) writes nothing.
 */
import { errors, nowRfc3339, registry, type KubeObject, type Pod } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { decodeJson } from '../../http/body.ts';
import { dryRun, type Query } from '../../http/query.ts';
import { reply, type JsonReply } from '../../http/reply.ts';
import { deleteObject, deleteOptions, type DeleteOptions } from '../resources/delete.ts';
import { keyFor } from '../resources/names.ts';
import type { ResourceRequest } from '../resources/request.ts';
import { updateWith } from '../resources/update.ts';
import { budgetsFor, stillProcessing, takeDisruption } from './eviction-budget.ts';

type NamedRequest = ResourceRequest & { name: string };

const PODS = registry.byPlural('', 'v1', 'pods')!;
const SUCCESS = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
const MULTIPLE_BUDGETS = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
/** Upstream retries conflicts on the pod a handful of times before giving up (EvictionsRetry). */
const CONFLICT_RETRIES = 5;

interface Eviction {
  options: DeleteOptions;
  /** The query the pod and budget writes see: only dryRun, never the eviction's own parameters. */
  query: Query;
}

/** The body: a policy/v1 (or v1beta1) Eviction naming the pod of the URL; its deleteOptions as a DELETE would parse them. */
function parseEviction(req: NamedRequest): Eviction {
  const body = decodeJson(req.body);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest('Eviction must be a JSON object');
  const ev = body as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown }; deleteOptions?: unknown };
  if (ev.kind !== undefined && ev.kind !== 'Eviction') throw errors.badRequest(`expected kind Eviction, got ${JSON.stringify(ev.kind)}`);
  if (ev.apiVersion !== undefined && ev.apiVersion !== 'policy/v1' && ev.apiVersion !== 'policy/v1beta1') {
    throw errors.badRequest(`Eviction in version ${JSON.stringify(ev.apiVersion)} cannot be handled: supported versions are policy/v1 and policy/v1beta1`);
  }
  if (ev.metadata?.name !== req.name) throw errors.badRequest('name in URL does not match name in Eviction object');
  const raw = ev.deleteOptions ?? {};
  const options = deleteOptions({ ...req, query: {}, body: JSON.stringify(raw) });
  // upstream propagateDryRun: the query's dryRun and the body's must agree when both are given.
  const bodyDry = (raw as { dryRun?: unknown }).dryRun;
  const bodyDryRun = dryRun({ dryRun: Array.isArray(bodyDry) ? (bodyDry as string[]) : undefined });
  const queryDryRun = dryRun(req.query);
  if (bodyDryRun && req.query['dryRun'] === undefined) return { options, query: { dryRun: 'All' } };
  if (queryDryRun && Array.isArray(bodyDry) && bodyDry.length > 0 && !bodyDryRun) {
    throw errors.badRequest(`Non-matching dry-run options in request and content: [All] and ${JSON.stringify(bodyDry)}`);
  }
  return { options, query: queryDryRun ? { dryRun: 'All' } : {} };
}

function getPod(ctx: ServerContext, req: NamedRequest): { pod: Pod; revision: number } {
  const s = ctx.store.get(keyFor(PODS, req.namespace, req.name));
  if (!s) throw errors.notFound('pods', '', req.name);
  return { pod: s.object as Pod, revision: s.revision };
}

const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const isDeleting = (p: Pod): boolean => !!p.metadata.deletionTimestamp;
/** A pod that has already stopped, never started, or is on its way out disrupts nothing a budget protects. */
const canIgnoreBudgets = (p: Pod): boolean => isTerminal(p) || p.status?.phase === 'Pending' || isDeleting(p);
const isReady = (p: Pod): boolean => !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
const isConflict = (e: unknown): boolean => e instanceof Error && (e as { code?: unknown }).code === 409;

/** Pin the delete to the revision we judged, so a pod that became Ready meanwhile is not deleted behind the budget's back. */
function pinned(o: DeleteOptions, revision: number): DeleteOptions {
  return o.preconditions?.resourceVersion ? o : { ...o, preconditions: { ...o.preconditions, resourceVersion: String(revision) } };
}

/**
 * upstream addConditionAndDeletePod: DisruptionTarget=True first (checked against the delete's
 * preconditions), then the delete, its resourceVersion precondition moved to the condition's write.
 */
async function markAndDelete(ctx: ServerContext, req: NamedRequest, ev: Eviction, options: DeleteOptions): Promise<void> {
  const podReq = { ...req, type: PODS, subresource: undefined, query: ev.query, body: undefined };
  let opts = options;
  if (!dryRun(ev.query)) {
    const res = await updateWith(ctx, { ...podReq, subresource: 'status' }, (current) => {
      const pre = options.preconditions;
      if (pre?.uid && pre.uid !== current.metadata.uid) throw errors.conflict('pods', '', req.name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid ?? ''}`);
      if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
        throw errors.conflict('pods', '', req.name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ''}`);
      }
      const next = structuredClone(current) as KubeObject & Pod;
      const status = (next.status ??= {});
      const old = status.conditions?.find((c) => c.type === 'DisruptionTarget');
      const cond = { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastProbeTime: null, lastTransitionTime: old?.status === 'True' && old.lastTransitionTime ? old.lastTransitionTime : nowRfc3339(ctx.now()) };
      status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), cond as never];
      delete next.metadata.resourceVersion;
      return next;
    });
    if (options.preconditions?.resourceVersion) {
      const rv = (JSON.parse(res.json) as KubeObject).metadata.resourceVersion;
      opts = { ...options, preconditions: { ...options.preconditions, ...(rv ? { resourceVersion: rv } : {}) } };
    }
  }
  await deleteObject(ctx, podReq, opts);
}

export async function evictPod(ctx: ServerContext, req: NamedRequest): Promise<JsonReply> {
  const ev = parseEviction(req);
  const callerPinned = !!ev.options.preconditions?.resourceVersion;
  // Budgets do not apply: delete, retrying when the pod changed between our read and the delete.
  let pod: Pod;
  let revision: number;
  for (let attempt = 0; ; attempt++) {
    const cur = getPod(ctx, req);
    pod = cur.pod;
    revision = cur.revision;
    if (!canIgnoreBudgets(pod)) break;
    // Terminal and deleting pods cannot turn Ready again; a Pending one can, so pin it.
    const opts = isTerminal(pod) || isDeleting(pod) ? ev.options : pinned(ev.options, cur.revision);
    try {
      await markAndDelete(ctx, req, ev, opts);
      return reply(201, SUCCESS);
    } catch (e) {
      if (isConflict(e) && !callerPinned && attempt < CONFLICT_RETRIES) continue;
      throw e;
    }
  }
  const budgets = budgetsFor(ctx, pod);
  if (budgets.length > 1) return reply(500, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: MULTIPLE_BUDGETS, code: 500 });
  let opts = ev.options;
  let unhealthyDelete = false;
  const budget = budgets[0];
  if (budget) {
    const name = budget.metadata.name ?? '';
    const st = budget.status ?? {};
    // An unready pod adds nothing to currentHealthy: it may go without spending the budget when
    // the policy says AlwaysAllow, or (IfHealthyBudget, the default) when the budget is met.
    const healthyBudget = (st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0;
    unhealthyDelete = !isReady(pod) && (budget.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' || healthyBudget);
    if (unhealthyDelete) opts = pinned(opts, revision);
    else await takeDisruption(ctx, req, name, req.name, ev.query);
  }
  try {
    await markAndDelete(ctx, req, ev, opts);
  } catch (e) {
    // The unready pod we let through changed (maybe it became Ready): ask the client to retry.
    if (unhealthyDelete && !callerPinned && isConflict(e)) throw stillProcessing(budget!.metadata.name ?? '');
    throw e;
  }
  return reply(201, SUCCESS);
}
