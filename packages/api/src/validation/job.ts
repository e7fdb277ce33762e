/** batch/v1 Job validation (ValidateJob / ValidateJobSpecUpdate). */
import type { Job } from '../kinds/job.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { validateObjectMeta } from './object-meta.ts';
import { validatePodTemplate } from './apps.ts';
import { validateWorkloadSelector } from './selector.ts';
import { immutable, nonNegative, positive } from './common.ts';

export function validateJob(job: Job, old?: Job): StatusCause[] {
  const out = validateObjectMeta(job.metadata, { namespaced: true, name: 'subdomain' });
  const spec = job.spec;
  if (!spec) return [...out, cause.required('spec')];
  out.push(...nonNegative(spec.parallelism, 'spec.parallelism'));
  out.push(...nonNegative(spec.completions, 'spec.completions'));
  out.push(...nonNegative(spec.backoffLimit, 'spec.backoffLimit'));
  out.push(...nonNegative(spec.backoffLimitPerIndex, 'spec.backoffLimitPerIndex'));
  out.push(...nonNegative(spec.maxFailedIndexes, 'spec.maxFailedIndexes'));
  out.push(...positive(spec.activeDeadlineSeconds, 'spec.activeDeadlineSeconds'));
  out.push(...nonNegative(spec.ttlSecondsAfterFinished, 'spec.ttlSecondsAfterFinished'));
  if (spec.completionMode === 'Indexed') {
    if (spec.completions === undefined) out.push(cause.required('spec.completions', 'when completion mode is Indexed'));
    if ((spec.parallelism ?? 0) > 100000) out.push(cause.invalid('spec.parallelism', spec.parallelism, 'must be less than or equal to 100000 when completion mode is Indexed'));
  } else {
    if (spec.backoffLimitPerIndex !== undefined) out.push(cause.forbidden('spec.backoffLimitPerIndex', 'requires indexed completion mode'));
    if (spec.successPolicy) out.push(cause.invalid('spec.successPolicy', spec.successPolicy, 'requires indexed completion mode'));
  }
  if (spec.maxFailedIndexes !== undefined && spec.backoffLimitPerIndex === undefined) {
    out.push(cause.required('spec.backoffLimitPerIndex', 'when maxFailedIndexes is specified'));
  }
  if (spec.podFailurePolicy && spec.template?.spec?.restartPolicy !== 'Never') {
    out.push(cause.invalid('spec.template.spec.restartPolicy', spec.template?.spec?.restartPolicy ?? '', 'only "Never" is supported when podFailurePolicy is specified'));
  }
  out.push(...validateWorkloadSelector(spec.selector, spec.template?.metadata?.labels, 'job'));
  out.push(...validatePodTemplate(spec.template, 'spec.template', ['OnFailure', 'Never']));
  if (old?.spec) out.push(...validateJobUpdate(job, old));
  return out;
}

function validateJobUpdate(job: Job, old: Job): StatusCause[] {
  const spec = job.spec!;
  const prev = old.spec!;
  const out = [...immutable(spec.selector, prev.selector, 'spec.selector'), ...immutable(spec.completionMode, prev.completionMode, 'spec.completionMode')];
  // Elastic indexed jobs may scale completions together with parallelism.
  const elastic = spec.completionMode === 'Indexed' && spec.completions === spec.parallelism && prev.completions === prev.parallelism;
  if (!elastic) out.push(...immutable(spec.completions, prev.completions, 'spec.completions'));
  // A suspended job that never started may change its template (Kueue-style admission).
  const mutableTemplate = prev.suspend === true && !(old.status as { startTime?: string } | undefined)?.startTime;
  if (!mutableTemplate) out.push(...immutable(spec.template, prev.template, 'spec.template'));
  return out;
}
