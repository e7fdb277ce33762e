/**
 * A Job's pod: template + tracking finalizer; for Indexed jobs the completion index as label
 * and annotation, JOB_COMPLETION_INDEX from that annotation (downward API), hostname
 * `<job>-<i>`, name `<job>-<i>-<random>`, and the index's failure count so far.
 */
import type { Job, Pod } from '@skiff/api';
import { podFromTemplate } from '../../util/pod-template.ts';

export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const INDEX_KEY = 'batch.kubernetes.io/job-completion-index';
export const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const GANG_LABEL = 'scheduling.x-k8s.io/pod-group';

export function isIndexed(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

export function indexOf(pod: Pod): number | undefined {
  const v = pod.metadata.annotations?.[INDEX_KEY] ?? pod.metadata.labels?.[INDEX_KEY];
  const n = v === undefined ? NaN : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

export function podForJob(job: Job, index: number | undefined, failureCount = 0): Pod {
  const name = job.metadata.name ?? '';
  const pod = podFromTemplate(job.spec?.template, job, index === undefined ? `${name}-` : `${name}-${index}-`);
  pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []), TRACKING_FINALIZER];
  if (index === undefined) return pod;
  const i = String(index);
  pod.metadata.labels = { ...pod.metadata.labels, [INDEX_KEY]: i };
  pod.metadata.annotations = { ...pod.metadata.annotations, [INDEX_KEY]: i };
  if (failureCount > 0) pod.metadata.annotations[INDEX_FAILURE_COUNT] = String(failureCount);
  const spec = pod.spec!;
  spec.hostname ??= `${name}-${i}`;
  const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${INDEX_KEY}']` } } };
  for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
    if (!c.env?.some((e) => e.name === env.name)) c.env = [...(c.env ?? []), env];
  }
  return pod;
}

/** A gang: all workers must exist together for the scheduler to place them. */
export function isGang(job: Job): boolean {
  const t = job.spec?.template;
  return !!t?.metadata?.labels?.[GANG_LABEL] || !!t?.spec?.schedulingGroup;
}
