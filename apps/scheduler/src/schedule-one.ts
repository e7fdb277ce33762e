/**
 * One scheduling cycle, as a visible pipeline (kube-scheduler schedule_one.go):
 *   pop → PreFilter → Filter → (PostFilter: preemption) → Score → select
 *       → assume in the cache → Reserve → Permit → binding cycle (async, binding-cycle.ts)
 * Everything up to Permit is synchronous. Any failure after assume undoes it
 * (Unreserve + forget) and sends the pod back to the queue with the reason reported.
 */
import type { Ctx } from './context.ts';
import { CycleState } from './framework/cycle-state.ts';
import { fitErrorMessage, type Diagnosis } from './explain/fit-error.ts';
import { reportUnschedulable } from './explain/report.ts';
import { findNode } from './find-nodes.ts';
import type { Status } from './framework/status.ts';
import type { QueuedPodInfo } from './queue/queued-pod.ts';
import { startBinding } from './binding-cycle.ts';
import { schedulingSignature } from './reuse/ranking.ts';

export function scheduleOne(ctx: Ctx, q: QueuedPodInfo): void {
  ctx.metrics.attempts++;
  const pod = q.info;
  const state = new CycleState();
  const r = findNodeReusing(ctx, q, state);
  if (!r.ok) return failWithDiagnosis(ctx, q, state, r.diagnosis);
  const placed = assumeAndReserve(ctx, q, state, r.node);
  if (!placed) return;
  const permit = ctx.fw.runPermit(state, pod, r.node);
  if (permit.code !== 'Success' && permit.code !== 'Wait') {
    unwind(ctx, q, state, r.node);
    return fail(ctx, q, permit.reasons.join(', '), [permit.plugin ?? '']);
  }
  startBinding(ctx, q, state, r.node, permit.code === 'Wait');
}

/** findNode, looking first where the previous pod of the same shape found room (reuse/ranking.ts). */
export function findNodeReusing(ctx: Ctx, q: QueuedPodInfo, state: CycleState): ReturnType<typeof findNode> {
  const sig = schedulingSignature(q.info, ctx.cache);
  const hint = ctx.reuse.hintFor(sig, ctx.cache);
  const r = findNode(ctx.fw, ctx.cache, q.info, state, ctx.sampler, { hint, rank: sig !== undefined });
  ctx.reuse.record(sig, r.ok ? r.ranked : undefined, r.ok && r.hinted === true, hint, ctx.cache);
  return r;
}

/** Assume + Reserve; on failure undo and requeue. */
export function assumeAndReserve(ctx: Ctx, q: QueuedPodInfo, state: CycleState, node: string): boolean {
  ctx.cache.assume(q.info, node);
  const s = ctx.fw.runReserve(state, q.info, node);
  if (s.code === 'Success') return true;
  unwind(ctx, q, state, node);
  fail(ctx, q, s.reasons.join(', '), [s.plugin ?? ''], s.code === 'Error');
  return false;
}

export function unwind(ctx: Ctx, q: QueuedPodInfo, state: CycleState, node: string): void {
  ctx.fw.runUnreserve(state, q.info, node);
  ctx.cache.forget(q.info.key);
}

/** Filter found no node: try preemption, then report. */
export function failWithDiagnosis(ctx: Ctx, q: QueuedPodInfo, state: CycleState, d: Diagnosis, preempt = true): void {
  if (preempt && !d.preFilter && d.nodeStatuses.size > 0 && ctx.fw.postFilters.length) {
    const r = ctx.fw.runPostFilter(state, q.info, d.nodeStatuses);
    if (r?.nominatedNodeName) d.postFilterMsg = `preemption: nominated node ${r.nominatedNodeName} (evicting lower-priority pods).`;
    else if (r) d.postFilterMsg = r.status.reasons.join(', ');
  }
  const err = d.preFilter?.code === 'Error' || [...d.nodeStatuses.values()].some((s: Status) => s.code === 'Error');
  fail(ctx, q, fitErrorMessage(d), d.plugins, err);
}

/**
 * `backoff`: retry after the back-off without waiting for a cluster event (errors, failed
 * bindings). `report` false: requeue only, the caller explains later (gang/wait-report.ts).
 */
export function fail(ctx: Ctx, q: QueuedPodInfo, message: string, plugins: Iterable<string>, error = false, backoff = error, topic?: string, report = true): void {
  if (error) ctx.metrics.errors++;
  else ctx.metrics.unschedulable++;
  ctx.queue.requeue(q, [...plugins].filter(Boolean), backoff);
  if (report) reportUnschedulable(ctx, q.info.pod, message, error ? 'SchedulerError' : 'Unschedulable', topic);
}
