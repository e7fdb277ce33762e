/**
 * Pod re-creation back-off after failures, as upstream: 10 s, 20 s, 40 s … capped at 6 min,
 * counted from the last failure (per index for Indexed jobs).
 */
import type { Pod } from '@skiff/api';

export const BACKOFF_BASE_MS = 10_000;
export const BACKOFF_MAX_MS = 360_000;

export function backoffDelay(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(BACKOFF_BASE_MS * 2 ** (failures - 1), BACKOFF_MAX_MS);
}

/** When the pod finished: its latest container finishedAt, else its Ready condition's last transition, else creation. */
export function finishedAt(pod: Pod): number {
  const times = (pod.status?.containerStatuses ?? []).map((c) => Date.parse(c.state?.terminated?.finishedAt ?? '')).filter(Number.isFinite);
  if (times.length) return Math.max(...times);
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
  const t = Date.parse(ready ?? pod.metadata.creationTimestamp ?? '');
  return Number.isFinite(t) ? t : 0;
}

/** Failures since the last success and the time of the last one. */
export function failureRecord(pods: readonly Pod[]): { failures: number; last: number } {
  const lastSuccess = Math.max(0, ...pods.filter((p) => p.status?.phase === 'Succeeded').map(finishedAt));
  const failed = pods.filter((p) => p.status?.phase === 'Failed').map(finishedAt).filter((t) => t >= lastSuccess);
  return { failures: failed.length, last: Math.max(0, ...failed) };
}

/** Milliseconds still to wait before creating a replacement (0 = now). */
export function remainingBackoff(pods: readonly Pod[], now: number, failuresOverride?: number): number {
  const { failures, last } = failureRecord(pods);
  const n = failuresOverride ?? failures;
  if (n === 0) return 0;
  return Math.max(0, last + backoffDelay(n) - now);
}
