/**
 * The asynchronous half: [wait at Permit, Reserve held] → PreBind (DRA writes claim allocations) → Bind
 * (POST pods/<name>/binding). The scheduling loop goes on meanwhile; the pod is already
 * assumed, so the next cycles see its resources as taken. On failure: Unreserve, forget
 * the assumed pod, requeue with the reason. A pod that turns out already bound or deleted
 * is just dropped (the informer has the truth).
 */
import { isConflict, isNotFound } from '@skiff/client';
import type { Ctx } from './context.ts';
import type { CycleState } from './framework/cycle-state.ts';
import type { Status } from './framework/status.ts';
import type { QueuedPodInfo } from './queue/queued-pod.ts';
import { fail, unwind } from './schedule-one.ts';

/** `waitOnPermit`: the scheduling cycle's Permit said Wait (the pod is in fw.waiting). */
export function startBinding(ctx: Ctx, q: QueuedPodInfo, state: CycleState, node: string, waitOnPermit = false): Promise<void> {
  const p = bind(ctx, q, state, node, waitOnPermit);
  ctx.bindings.add(p);
  void p.finally(() => ctx.bindings.delete(p));
  return p;
}

async function bind(ctx: Ctx, q: QueuedPodInfo, state: CycleState, node: string, waitOnPermit: boolean): Promise<void> {
  const pod = q.info;
  let s: Status | undefined;
  try {
    if (waitOnPermit) {
      s = await ctx.fw.waitOnPermit(pod);
      if (s.code !== 'Success') {
        // Rejected or timed out at Permit: give back what Reserve held and back off.
        unwind(ctx, q, state, node);
        return fail(ctx, q, s.reasons.join(', '), [s.plugin ?? ''], false, true);
      }
    }
    s = await ctx.fw.runPreBind(state, pod, node);
    if (s.code === 'Success') s = await ctx.fw.runBind(state, pod, node);
  } catch (e) {
    s = { code: 'Error', reasons: [e instanceof Error ? e.message : String(e)], error: e };
  }
  if (s.code === 'Success') {
    ctx.queue.done(pod.key);
    ctx.metrics.scheduled++;
    if (ctx.config.recordScheduledEvents) ctx.recorder.event(pod.pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.key} to ${node}`);
    ctx.onBound?.(pod.key, node);
    return;
  }
  unwind(ctx, q, state, node);
  if (s.error && (isNotFound(s.error) || (isConflict(s.error) && /already assigned|being deleted/.test(String((s.error as Error).message))))) {
    ctx.queue.done(pod.key); // gone or bound by someone else: nothing to retry
    return;
  }
  // No plugin set: the pod backs off (1 s → 10 s) and is retried without waiting for an event.
  fail(ctx, q, `binding to ${node} failed: ${s.reasons.join(', ')}`, [], s.code === 'Error', true);
}
