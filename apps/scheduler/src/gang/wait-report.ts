/**
 * A gang whose members are still being created is not news. A Job or a kubectl apply creates
 * its pods one after another; each arrival re-runs the gang's cycle, which finds it short.
 * Reporting that at once writes a FailedScheduling event and a PodScheduled condition per
 * member, a burst of writes that lands exactly when the last member arrives and the gang
 * binds (the B8 profile: 126 writes competing with 64 bindings). Upstream's gang plugin
 * holds such pods at PreEnqueue without a word; Skiff waits `gangWaitReportMs` and then, if
 * the gang is still short, explains it on every member still pending, so `kubectl describe`
 * and `skiff why` still answer.
 *
 * The members are requeued at once either way (schedule-gang.ts); only the report waits.
 */
import type { Pod } from '@skiff/api';
import type { Ctx } from '../context.ts';
import { reportUnschedulable } from '../explain/report.ts';
import { gangInfo, type GangRef } from './gang.ts';
import { placedMembers } from './placed.ts';
import { scheduleGangStatusUpdate } from './status.ts';

const timers = new WeakMap<Ctx, Map<string, ReturnType<typeof setTimeout>>>();

/** Members of the gang that exist and are not bound (from the informer's pods). */
function pendingMembers(ctx: Ctx, ref: GangRef): Pod[] {
  return [...ctx.gangs.members(ref.key).values()].filter((p) => !p.spec?.nodeName && !p.metadata.deletionTimestamp);
}

/** Report `message(count)` on the gang's pending members after the delay, unless it filled up meanwhile. */
export function reportGangWaitingLater(ctx: Ctx, ref: GangRef, message: (members: number, min: number) => string, topic: string): void {
  let byGang = timers.get(ctx);
  if (!byGang) timers.set(ctx, (byGang = new Map()));
  if (byGang.has(ref.key)) return; // one report per wait; the last count is read when it fires
  const fire = (): void => {
    byGang.delete(ref.key);
    const g = gangInfo(ctx.handle.listers, ref);
    if (!g.exists) return;
    const pending = pendingMembers(ctx, ref);
    const have = pending.length + placedMembers(ctx, ref.key);
    if (have >= g.minCount) return; // complete now: its own cycle speaks for it
    const msg = message(have, g.minCount);
    for (const pod of pending) reportUnschedulable(ctx, pod, msg, 'Unschedulable', topic);
    scheduleGangStatusUpdate(ctx, g, msg);
  };
  const t = setTimeout(fire, ctx.config.gangWaitReportMs);
  t.unref?.();
  byGang.set(ref.key, t);
}
