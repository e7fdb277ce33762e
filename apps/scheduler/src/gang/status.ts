/**
 * Gang status, written the way scheduler-plugins does for its PodGroup (phase Pending →
 * Scheduling → Scheduled → Running → Finished/Failed, with running/succeeded/failed counts
 * and scheduleStartTime) and as upstream's PodGroup condition PodGroupScheduled
 * (True, or False with reason Unschedulable and the gang's message). Writes are coalesced
 * per gang (one per 100 ms) and skipped when nothing changed.
 */
import { nowRfc3339 } from '@skiff/api';
import type { Ctx } from '../context.ts';
import { COSCHEDULING_POD_GROUPS, POD_GROUPS } from '../refs.ts';
import { gangRefOf, type GangInfo } from './gang.ts';

const pending = new Map<string, { timer: ReturnType<typeof setTimeout>; message: string | undefined }>();
const lastWritten = new Map<string, string>();

export function scheduleGangStatusUpdate(ctx: Ctx, g: GangInfo, message?: string): void {
  if (!g.exists) return;
  const p = pending.get(g.key);
  if (p) {
    if (message !== undefined) p.message = message;
    return;
  }
  const entry = { message, timer: setTimeout(() => {
    pending.delete(g.key);
    void writeStatus(ctx, g, entry.message).catch((e: unknown) => ctx.handle.log.debug({ err: e, gang: g.key }, 'could not update gang status'));
  }, 100) };
  entry.timer.unref?.();
  pending.set(g.key, entry);
}

export interface GangCounts {
  scheduled: number;
  running: number;
  succeeded: number;
  failed: number;
}

export function gangCounts(ctx: Ctx, g: GangInfo): GangCounts {
  const c: GangCounts = { scheduled: 0, running: 0, succeeded: 0, failed: 0 };
  for (const [key, pod] of ctx.gangs.members(g.key)) {
    // Bound per the API, or assumed by this scheduler with its binding in flight.
    const bound = !!pod.spec?.nodeName || ctx.cache.podNode(key) !== undefined;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded') c.succeeded++;
    else if (phase === 'Failed') c.failed++;
    else if (phase === 'Running') c.running++;
    if (bound && phase !== 'Succeeded' && phase !== 'Failed') c.scheduled++;
  }
  return c;
}

export function coschedulingPhase(c: GangCounts, min: number): string {
  if (c.succeeded >= min) return 'Finished';
  if (c.failed > 0 && c.running + c.succeeded < min) return 'Failed';
  if (c.running >= min) return 'Running';
  if (c.scheduled >= min) return 'Scheduled';
  return c.scheduled > 0 ? 'Scheduling' : 'Pending';
}

async function writeStatus(ctx: Ctx, g: GangInfo, message: string | undefined): Promise<void> {
  const c = gangCounts(ctx, g);
  const now = nowRfc3339(ctx.handle.now());
  let body: Record<string, unknown>;
  if (g.kind === 'CoschedulingPodGroup') {
    const cur = ctx.handle.listers.coschedulingPodGroups.get(g.namespace, g.name);
    const phase = coschedulingPhase(c, g.minCount);
    const status: Record<string, unknown> = { phase, running: c.running, succeeded: c.succeeded, failed: c.failed };
    if (!cur?.status?.scheduleStartTime) status['scheduleStartTime'] = now;
    body = { status };
  } else {
    const ok = c.scheduled >= g.minCount;
    const cond = ok
      ? { type: 'PodGroupScheduled', status: 'True', reason: 'Scheduled', message: `${c.scheduled} of ${g.minCount} required pods scheduled`, lastTransitionTime: now }
      : { type: 'PodGroupScheduled', status: 'False', reason: 'Unschedulable', message: message ?? `${c.scheduled} of ${g.minCount} required pods scheduled`, lastTransitionTime: now };
    body = { status: { conditions: [cond] } };
  }
  const sig = JSON.stringify(body, (k, v: unknown) => (k === 'lastTransitionTime' || k === 'scheduleStartTime' ? undefined : v));
  if (lastWritten.get(g.key) === sig) return;
  lastWritten.set(g.key, sig);
  const ref = g.kind === 'CoschedulingPodGroup' ? COSCHEDULING_POD_GROUPS : POD_GROUPS;
  await ctx.handle.api.patch(ref, g.name, 'merge', body, { namespace: g.namespace, subresource: 'status' });
}
