/**
 * batch/v1 SetDefaults_Job plus the job strategy's generated selector: unless
 * manualSelector is true the server selects pods by `batch.kubernetes.io/controller-uid`
 * and labels the template with it and the job name (new and legacy label keys). Needs
 * metadata.uid, which the server assigns before defaulting on create.
 */
import type { Job } from '../kinds/job.ts';
import { defaultPodTemplate } from './apps.ts';

export const JOB_CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
const MAX_INT32 = 2147483647;

export function defaultJob(job: Job): void {
  if (!job.spec) return;
  const spec = job.spec;
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? MAX_INT32 : 6;
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = { ...templateLabels };
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  for (const rule of spec.podFailurePolicy?.rules ?? []) for (const c of rule.onPodConditions ?? []) c.status ??= 'True';
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  generateSelector(job);
  // The template's restartPolicy stays as given: validation demands OnFailure or Never, and
  // defaulting it to Always would only turn "Required" into a confusing "Unsupported".
  const hadRestartPolicy = spec.template?.spec?.restartPolicy !== undefined;
  defaultPodTemplate(spec.template);
  if (!hadRestartPolicy && spec.template?.spec) delete spec.template.spec.restartPolicy;
}

function generateSelector(job: Job): void {
  const spec = job.spec!;
  const uid = job.metadata.uid;
  if (spec.manualSelector === true || !uid) return;
  spec.template ??= {};
  spec.template.metadata ??= {};
  const labels = (spec.template.metadata.labels ??= {});
  labels[JOB_CONTROLLER_UID_LABEL] ??= uid;
  labels[LEGACY_CONTROLLER_UID_LABEL] ??= uid;
  if (job.metadata.name) {
    labels[JOB_NAME_LABEL] ??= job.metadata.name;
    labels[LEGACY_JOB_NAME_LABEL] ??= job.metadata.name;
  }
  spec.selector ??= { matchLabels: { [JOB_CONTROLLER_UID_LABEL]: uid } };
}
