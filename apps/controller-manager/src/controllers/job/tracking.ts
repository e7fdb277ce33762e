/**
 * Counting finished pods exactly once, with the `batch.kubernetes.io/job-tracking` finalizer
 * (upstream's uncountedTerminatedPods protocol): (1) record newly finished pods' UIDs in
 * status.uncountedTerminatedPods (with completed/failed indexes); (2) remove their finalizers;
 * (3) move them into the succeeded/failed counters. A crash between any two steps is
 * repaired by the next sync, because the status write comes first.
 */
import type { Job, Pod } from '@skiff/api';
import { isTerminating } from '../../util/pods.ts';
import type { JobStatus } from './conditions.ts';
import { matchFailurePolicy } from './failure-policy.ts';
import { formatIndexes, parseIndexes } from './indexes.ts';
import { INDEX_FAILURE_COUNT, indexOf, isIndexed, TRACKING_FINALIZER } from './job-pod.ts';

export interface Tracking {
  /** Status after step 1 (to write before removing finalizers), or undefined if unchanged. */
  recorded: JobStatus | undefined;
  /** Pods whose finalizer goes in step 2. */
  unfinalize: Pod[];
  newFailure: boolean;
  failJobMessage?: string;
  completed: Set<number>;
  failedIndexes: Set<number>;
}

export function hasTracking(p: Pod): boolean {
  return p.metadata.finalizers?.includes(TRACKING_FINALIZER) ?? false;
}

/** How often an index has failed, from its pods' failure-count annotations and phases. */
export function indexFailures(pods: readonly Pod[]): number {
  return Math.max(0, ...pods.map((p) => (Number.parseInt(p.metadata.annotations?.[INDEX_FAILURE_COUNT] ?? '0', 10) || 0) + (p.status?.phase === 'Failed' ? 1 : 0)));
}

export function track(job: Job, status: JobStatus, pods: readonly Pod[], skip: ReadonlySet<string>): Tracking {
  const completions = job.spec?.completions ?? 1;
  const succeeded = new Set(status.uncountedTerminatedPods?.succeeded ?? []);
  const failed = new Set(status.uncountedTerminatedPods?.failed ?? []);
  const completed = isIndexed(job) ? parseIndexes(status.completedIndexes, completions) : new Set<number>();
  const failedIndexes = parseIndexes(status.failedIndexes, completions);
  const perIndexLimit = job.spec?.backoffLimitPerIndex;
  const t: Tracking = { recorded: undefined, unfinalize: [], newFailure: false, completed, failedIndexes };
  let changed = false;
  for (const p of pods) {
    const uid = p.metadata.uid ?? '';
    if (!hasTracking(p) || skip.has(uid)) continue;
    if (succeeded.has(uid) || failed.has(uid)) {
      t.unfinalize.push(p);
      continue;
    }
    const index = indexOf(p);
    if (p.status?.phase === 'Succeeded') {
      succeeded.add(uid);
      if (index !== undefined && index < completions) completed.add(index);
      t.unfinalize.push(p);
      changed = true;
      continue;
    }
    if (p.status?.phase !== 'Failed' && !isTerminating(p)) continue;
    const match = p.status?.phase === 'Failed' ? matchFailurePolicy(job, p) : undefined;
    t.unfinalize.push(p);
    if (match?.action === 'Ignore') continue;
    if (match?.action === 'FailJob') t.failJobMessage ??= `Pod ${p.metadata.namespace}/${p.metadata.name} has condition or exit code matching FailJob rule at index ${match.rule}`;
    if (index !== undefined && (match?.action === 'FailIndex' || (perIndexLimit !== undefined && indexFailures([p]) > perIndexLimit))) failedIndexes.add(index);
    failed.add(uid);
    t.newFailure = true;
    changed = true;
  }
  if (changed) {
    t.recorded = { ...status, uncountedTerminatedPods: { succeeded: [...succeeded], failed: [...failed] } };
    if (isIndexed(job)) t.recorded.completedIndexes = formatIndexes(completed);
    if (perIndexLimit !== undefined) t.recorded.failedIndexes = formatIndexes(failedIndexes);
  }
  return t;
}

/** Step 3: uncounted → counters. */
export function moveUncounted(status: JobStatus): JobStatus {
  const u = status.uncountedTerminatedPods;
  return { ...status, succeeded: (status.succeeded ?? 0) + (u?.succeeded?.length ?? 0), failed: (status.failed ?? 0) + (u?.failed?.length ?? 0), uncountedTerminatedPods: {} };
}
