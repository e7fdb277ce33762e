/**
 * Telling the user why: a FailedScheduling Warning event and the pod's PodScheduled=False
 * condition (reason Unschedulable, or SchedulerError for internal errors) with the same
 * message. The condition is written only when the message changed, so a pod retried every
 * 10 s does not rewrite its status every 10 s (the event's count goes up instead).
 */
import type { Pod } from '@skiff/api';
import { nowRfc3339 } from '@skiff/api';
import type { Ctx } from '../context.ts';
import { PODS } from '../refs.ts';

/** pod uid → last message and when it was recorded: the same verdict is re-recorded at most every 10 s. */
const recent = new Map<string, { message: string; at: number }>();
const REPEAT_MS = 10_000;

/**
 * `topic`: verdicts with the same topic count as the same for the spam filter even when the
 * text differs (a gang's "only 5 of 64 members exist" → "only 6 of 64 …" as members arrive
 * would otherwise write an event per member per arrival).
 */
export function reportUnschedulable(ctx: Ctx, pod: Pod, message: string, reason: 'Unschedulable' | 'SchedulerError' = 'Unschedulable', topic = message): void {
  const uid = pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
  const now = ctx.handle.now();
  const last = recent.get(uid);
  if (last?.message === topic && now - last.at < REPEAT_MS) return; // spam filter, as client-go's
  if (recent.size > 50_000) recent.clear();
  recent.set(uid, { message: topic, at: now });
  ctx.recorder.event(pod, 'Warning', 'FailedScheduling', message);
  const cur = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (cur && cur.status === 'False' && cur.reason === reason && cur.message === message) return;
  const condition = { type: 'PodScheduled', status: 'False', reason, message, lastProbeTime: null, lastTransitionTime: nowRfc3339(ctx.handle.now()) };
  const name = pod.metadata.name ?? '';
  void ctx.handle.api
    .patch(PODS, name, 'strategic', { status: { conditions: [condition] } }, { namespace: pod.metadata.namespace, subresource: 'status' })
    .catch((e: unknown) => ctx.handle.log.debug({ err: e, pod: name }, 'could not write PodScheduled condition'));
}
