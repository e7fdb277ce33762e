/** apps/v1 Deployment and ReplicaSet validation (ValidateDeployment / ValidateReplicaSet). */
import type { Deployment } from '../kinds/deployment.ts';
import type { ReplicaSet } from '../kinds/replicaset.ts';
import type { PodTemplateSpec } from '../kinds/pod.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { validateObjectMeta, validateTemplateMeta } from './object-meta.ts';
import { validatePodSpec } from './pod-spec.ts';
import { validateWorkloadSelector } from './selector.ts';
import { immutable, intOrPercent, nonNegative } from './common.ts';

/** Workload templates: labels, spec, and (apps only) restartPolicy Always. */
export function validatePodTemplate(t: PodTemplateSpec | undefined, path: string, restartPolicies: string[]): StatusCause[] {
  if (!t) return [cause.required(path)];
  const out = [...validateTemplateMeta(t.metadata, `${path}.metadata`), ...validatePodSpec(t.spec, `${path}.spec`)];
  const rp = t.spec?.restartPolicy;
  if (t.spec && (rp === undefined || !restartPolicies.includes(rp))) {
    out.push(rp === undefined ? cause.required(`${path}.spec.restartPolicy`, `valid values: ${restartPolicies.map((r) => `"${r}"`).join(', ')}`) : cause.notSupported(`${path}.spec.restartPolicy`, rp, restartPolicies));
  }
  return out;
}

export function validateDeployment(d: Deployment, old?: Deployment): StatusCause[] {
  const out = validateObjectMeta(d.metadata, { namespaced: true, name: 'subdomain' });
  const spec = d.spec;
  if (!spec) return [...out, cause.required('spec')];
  out.push(...nonNegative(spec.replicas, 'spec.replicas'));
  out.push(...validateWorkloadSelector(spec.selector, spec.template?.metadata?.labels, 'deployment'));
  out.push(...validatePodTemplate(spec.template, 'spec.template', ['Always']));
  const strategy = spec.strategy;
  if (strategy?.type === 'Recreate' && strategy.rollingUpdate) {
    out.push(cause.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  }
  const ru = strategy?.rollingUpdate;
  if (ru) {
    out.push(...intOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'));
    out.push(...intOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge'));
    const zero = (v: number | string | undefined) => v === 0 || v === '0%';
    if (zero(ru.maxUnavailable) && zero(ru.maxSurge)) {
      out.push(cause.invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
  }
  out.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  out.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (spec.progressDeadlineSeconds !== undefined) {
    out.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      out.push(cause.invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  if (old?.spec) out.push(...immutable(spec.selector, old.spec.selector, 'spec.selector'));
  return out;
}

export function validateReplicaSet(rs: ReplicaSet, old?: ReplicaSet): StatusCause[] {
  const out = validateObjectMeta(rs.metadata, { namespaced: true, name: 'subdomain' });
  const spec = rs.spec;
  if (!spec) return [...out, cause.required('spec')];
  out.push(...nonNegative(spec.replicas, 'spec.replicas'));
  out.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  out.push(...validateWorkloadSelector(spec.selector, spec.template?.metadata?.labels, 'deployment'));
  // Upstream allows a ReplicaSet without template only when replicas is 0; templates are validated when present.
  if (spec.template) out.push(...validatePodTemplate(spec.template, 'spec.template', ['Always']));
  if (old?.spec) out.push(...immutable(spec.selector, old.spec.selector, 'spec.selector'));
  return out;
}
