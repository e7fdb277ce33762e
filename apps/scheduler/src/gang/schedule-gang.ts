/**
 * The gang cycle: all pending members of a gang are placed in ONE synchronous cycle
 * against one view of the cluster (devices included), each member assumed and reserved so
 * the next member sees what the previous took. If at least minCount members (counting those
 * already bound) fit, they all go on to bind; otherwise every tentative placement is undone
 * and no member binds. Nothing is ever held across cycles, so two gangs competing for the
 * same GPUs cannot deadlock or end half-placed: the gang tried first (QueueSort: priority,
 * then PodGroup creation time, then name) wins whole, the other waits whole.
 */
import type { Ctx } from '../context.ts';
import { CycleState } from '../framework/cycle-state.ts';
import { fitErrorMessage } from '../explain/fit-error.ts';
import { GangScheduling } from '../plugins/names.ts';
import type { QueuedPodInfo } from '../queue/queued-pod.ts';
import { startBinding } from '../binding-cycle.ts';
import { fail, findNodeReusing, unwind } from '../schedule-one.ts';
import { gangDisplay, gangInfo, gangRefOf, type GangInfo } from './gang.ts';
import { placedMembers } from './placed.ts';
import { reportGangWaitingLater } from './wait-report.ts';
import { scheduleGangStatusUpdate } from './status.ts';

interface Placed {
  q: QueuedPodInfo;
  state: CycleState;
  node: string;
}

export function scheduleGang(ctx: Ctx, first: QueuedPodInfo): void {
  const t0 = performance.now();
  try {
    gangCycle(ctx, first);
  } finally {
    ctx.metrics.lastGangCycleMs = performance.now() - t0;
  }
}

function gangCycle(ctx: Ctx, first: QueuedPodInfo): void {
  ctx.metrics.gangCycles++;
  const ref = gangRefOf(first.info.pod)!;
  const members = [first, ...ctx.queue.takeGang(ref.key)].sort((a, b) => (a.info.key < b.info.key ? -1 : a.info.key > b.info.key ? 1 : 0));
  const g = gangInfo(ctx.handle.listers, ref);
  const name = gangDisplay(g);
  const already = placedMembers(ctx, ref.key);
  const failAll = (msg: string, plugins: Iterable<string>, topic?: string): void => {
    const ps = [...plugins, GangScheduling];
    for (const m of members) fail(ctx, m, msg, ps, false, false, topic);
    scheduleGangStatusUpdate(ctx, g, msg);
  };

  if (!g.exists) return failAll(`gang ${name}: ${g.kind === 'PodGroup' ? 'PodGroup (scheduling.k8s.io)' : 'PodGroup (scheduling.x-k8s.io)'} ${name} not found`, []);
  if (members.length + already < g.minCount) {
    const msg = (have: number, min: number) => `gang ${name}: only ${have} of ${min} required members exist (minCount ${min}); waiting for more pods`;
    const topic = `gang ${name}: waiting for members`;
    if (ctx.config.gangWaitReportMs <= 0) return failAll(msg(members.length + already, g.minCount), [], topic);
    // Requeued now (a new member re-activates them), explained only if the wait lasts.
    for (const m of members) fail(ctx, m, '', [GangScheduling], false, false, undefined, false);
    reportGangWaitingLater(ctx, ref, msg, topic);
    return;
  }

  const placed: Placed[] = [];
  const failed: { q: QueuedPodInfo; msg: string; plugins: Set<string> }[] = [];
  for (const m of members) {
    ctx.metrics.attempts++;
    const state = new CycleState();
    // Identical members look first where the previous one found room (reuse/ranking.ts).
    const r = findNodeReusing(ctx, m, state);
    if (!r.ok) {
      failed.push({ q: m, msg: fitErrorMessage(r.diagnosis), plugins: r.diagnosis.plugins });
      continue;
    }
    ctx.cache.assume(m.info, r.node);
    const s = ctx.fw.runReserve(state, m.info, r.node);
    if (s.code !== 'Success') {
      unwind(ctx, m, state, r.node);
      failed.push({ q: m, msg: s.reasons.join(', '), plugins: new Set([s.plugin ?? '']) });
      continue;
    }
    placed.push({ q: m, state, node: r.node });
  }

  if (placed.length + already < g.minCount) {
    // All or nothing: give back every tentative placement before anyone binds.
    for (const p of placed.reverse()) unwind(ctx, p.q, p.state, p.node);
    const why = failed[0] ? `; ${failed[0].q.info.name}: ${failed[0].msg}` : '';
    const plugins = new Set(failed.flatMap((f) => [...f.plugins]));
    return failAll(`gang ${name}: ${placed.length + already} of ${members.length + already} members can be placed (need ${g.minCount})${why}`, plugins);
  }

  // Every member is reserved before any Permit, so GangScheduling's Permit sees the gang
  // whole. A member another Permit plugin rejects is unreserved, which rejects the others
  // waiting if that takes the gang below its minimum (plugins/gang-scheduling).
  for (const p of placed) {
    const permit = ctx.fw.runPermit(p.state, p.q.info, p.node);
    if (permit.code !== 'Success' && permit.code !== 'Wait') {
      unwind(ctx, p.q, p.state, p.node);
      fail(ctx, p.q, permit.reasons.join(', '), [permit.plugin ?? ''], false, true);
      continue;
    }
    const done = startBinding(ctx, p.q, p.state, p.node, permit.code === 'Wait');
    void done.then(() => scheduleGangStatusUpdate(ctx, g));
  }
  // Members beyond the minimum that did not fit wait on their own.
  for (const f of failed) fail(ctx, f.q, `gang ${name}: member did not fit (gang already has its minimum): ${f.msg}`, f.plugins);
}

export type { GangInfo };
