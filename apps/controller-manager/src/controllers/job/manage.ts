/**
 * Creating and deleting a Job's pods: NonIndexed keeps min(parallelism, completions −
 * succeeded) active; Indexed gives each pending index one pod. Replacements wait out the
 * failure back-off; gangs are created all at once, other jobs with slow start.
 */
import type { Job, Pod } from '@skiff/api';
import { isNotFound } from '@skiff/client';
import type { EventSink } from '@skiff/controller';
import type { KubeClient } from '../../deps.ts';
import { jobsRef, podsRef } from '../../refs.ts';
import { about, errorMessage } from '../../util/events.ts';
import type { PodExpectations } from '../../util/pod-expectations.ts';
import { isPodReady } from '../../util/pods.ts';
import { slowStartBatch } from '../../util/slow-start.ts';
import { finishedAt, remainingBackoff } from './backoff.ts';
import { indexOf, isGang, isIndexed, podForJob } from './job-pod.ts';
import { indexFailures } from './tracking.ts';

export const MAX_PODS_PER_SYNC = 500;

export interface ManageInput {
  client: KubeClient;
  /** SuccessfulCreate / SuccessfulDelete / FailedCreate about the Job (job-controller). */
  events: EventSink;
  exp: PodExpectations;
  key: string;
  job: Job;
  pods: readonly Pod[];
  active: readonly Pod[];
  terminating: readonly Pod[];
  succeeded: number;
  completed: ReadonlySet<number>;
  failedIndexes: ReadonlySet<number>;
  now: number;
  signal: AbortSignal;
}

/** Returns ms until a back-off ends (to requeue), or undefined. */
export async function manageJobPods(m: ManageInput): Promise<number | undefined> {
  const spec = m.job.spec ?? { template: {} };
  const parallelism = spec.parallelism ?? 1;
  const countTerminating = spec.podReplacementPolicy === 'Failed';
  const busy = m.active.length + (countTerminating ? m.terminating.length : 0);
  if (!isIndexed(m.job)) {
    const want = spec.completions === undefined ? (m.succeeded > 0 ? 0 : parallelism) : Math.max(0, Math.min(parallelism, spec.completions - m.succeeded));
    if (m.active.length > want) {
      await deletePods(m, rankForDeletion(m.active).slice(0, m.active.length - want));
      return undefined;
    }
    const missing = want - busy;
    if (missing <= 0) return undefined;
    const wait = remainingBackoff(m.pods, m.now);
    if (wait > 0) return wait;
    await createPods(m, Array.from({ length: Math.min(missing, MAX_PODS_PER_SYNC) }, () => podForJob(m.job, undefined)));
    return undefined;
  }
  const completions = spec.completions ?? 1;
  const byIndex = new Map<number, Pod[]>();
  for (const p of m.pods) {
    const i = indexOf(p);
    if (i !== undefined) byIndex.set(i, [...(byIndex.get(i) ?? []), p]);
  }
  // Extra or pointless active pods: duplicates, out of range, index already done.
  const seen = new Set<number>();
  const extra: Pod[] = [];
  for (const p of rankForDeletion(m.active).reverse()) {
    const i = indexOf(p);
    if (i === undefined || i >= completions || m.completed.has(i) || m.failedIndexes.has(i) || seen.has(i)) extra.push(p);
    else seen.add(i);
  }
  if (extra.length) await deletePods(m, extra);
  if (countTerminating) for (const p of m.terminating) if (indexOf(p) !== undefined) seen.add(indexOf(p)!);
  let budget = Math.min(parallelism - (m.active.length - extra.length) - (countTerminating ? m.terminating.length : 0), MAX_PODS_PER_SYNC);
  let minWait: number | undefined;
  const toCreate: Pod[] = [];
  for (let i = 0; i < completions && budget > 0; i++) {
    if (seen.has(i) || m.completed.has(i) || m.failedIndexes.has(i)) continue;
    const history = byIndex.get(i) ?? [];
    const failures = indexFailures(history);
    const lastFailure = Math.max(0, ...history.filter((p) => p.status?.phase === 'Failed').map(finishedAt));
    const wait = failures > 0 ? remainingBackoff(history.filter((p) => p.status?.phase === 'Failed' && finishedAt(p) === lastFailure), m.now, failures) : 0;
    if (wait > 0) {
      minWait = Math.min(minWait ?? wait, wait);
      continue;
    }
    toCreate.push(podForJob(m.job, i, failures));
    budget--;
  }
  if (toCreate.length) await createPods(m, toCreate);
  return minWait;
}

async function createPods(m: ManageInput, pods: Pod[]): Promise<void> {
  m.exp.expectCreations(m.key, pods.length);
  const { successes, error } = await slowStartBatch(pods.length, isGang(m.job) ? pods.length : 1, async (i) => {
    try {
      const pod = await m.client.create(podsRef, pods[i]!, { namespace: m.job.metadata.namespace, signal: m.signal });
      m.events.event(about(jobsRef, m.job), 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
    } catch (e) {
      m.exp.creationFailed(m.key);
      m.events.event(about(jobsRef, m.job), 'Warning', 'FailedCreate', `Error creating: ${errorMessage(e)}`);
      throw e;
    }
  });
  for (let i = successes + (error === undefined ? 0 : 1); i < pods.length; i++) m.exp.creationFailed(m.key);
  if (error !== undefined) throw error;
}

export async function deletePods(m: Pick<ManageInput, 'client' | 'events' | 'exp' | 'job' | 'key' | 'signal'>, pods: readonly Pod[]): Promise<void> {
  if (!pods.length) return;
  m.exp.expectDeletions(m.key, pods);
  await Promise.all(
    pods.map(async (p) => {
      try {
        await m.client.delete(podsRef, p.metadata.name ?? '', { namespace: p.metadata.namespace, signal: m.signal });
        m.events.event(about(jobsRef, m.job), 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      } catch (e) {
        m.exp.deletionFailed(m.key, p);
        if (!isNotFound(e)) throw e;
      }
    }),
  );
}

/** Not ready before ready, newest first. */
function rankForDeletion(pods: readonly Pod[]): Pod[] {
  return [...pods].sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
}
