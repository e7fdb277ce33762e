/** Job conditions: interim SuccessCriteriaMet / FailureTarget, terminal Complete / Failed, Suspended. */
import type { Job } from '@skiff/api';
import { nowRfc3339 } from '@skiff/api';

export type JobStatus = NonNullable<Job['status']>;
export type JobCondition = NonNullable<JobStatus['conditions']>[number];

export function hasCondition(s: JobStatus | undefined, type: string): JobCondition | undefined {
  return s?.conditions?.find((c) => c.type === type && c.status === 'True');
}

export function isFinished(s: JobStatus | undefined): boolean {
  return !!(hasCondition(s, 'Complete') ?? hasCondition(s, 'Failed'));
}

export function setJobCondition(s: JobStatus, type: string, status: 'True' | 'False', reason: string, message: string, now: number): void {
  const cur = s.conditions?.find((c) => c.type === type);
  if (cur && cur.status === status && cur.reason === reason && cur.message === message) return;
  const t = nowRfc3339(now);
  const next: JobCondition = { type, status, reason, message, lastProbeTime: t, lastTransitionTime: cur && cur.status === status ? (cur.lastTransitionTime ?? t) : t };
  s.conditions = [...(s.conditions ?? []).filter((c) => c.type !== type), next];
}
