/** Gang scheduling kinds: scheduling.k8s.io/v1alpha2 Workload + PodGroup, scheduling.x-k8s.io PodGroup. */
import type { Workload } from '../kinds/workload.ts';
import type { PodGroup } from '../kinds/pod-group.ts';
import type { CoschedulingPodGroup } from '../kinds/coscheduling-pod-group.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { validateObjectMeta } from './object-meta.ts';
import { dnsLabel, immutable, nonNegative, uniqueBy } from './common.ts';

type Policy = PodGroup['spec']['schedulingPolicy'];

function validatePolicy(p: Policy | undefined, path: string): StatusCause[] {
  if (!p) return [cause.required(path)];
  const set = [p.basic ? 'basic' : '', p.gang ? 'gang' : ''].filter(Boolean);
  if (set.length === 0) return [cause.required(path, 'exactly one of `basic` or `gang` is required')];
  if (set.length > 1) return [cause.invalid(path, p, 'exactly one of `basic` or `gang` is required, but multiple fields are set')];
  if (p.gang && p.gang.minCount <= 0) return [cause.invalid(`${path}.gang.minCount`, p.gang.minCount, 'must be greater than zero')];
  return [];
}

export function validateWorkload(w: Workload, old?: Workload): StatusCause[] {
  const out = validateObjectMeta(w.metadata, { namespaced: true, name: 'subdomain' });
  const templates = w.spec?.podGroupTemplates ?? [];
  if (templates.length === 0) out.push(cause.required('spec.podGroupTemplates'));
  if (templates.length > 8) out.push({ reason: 'FieldValueTooMany', field: 'spec.podGroupTemplates', message: `Too many: ${templates.length}: must have at most 8 items` });
  templates.forEach((t, i) => {
    if (!t.name) out.push(cause.required(`spec.podGroupTemplates[${i}].name`));
    else out.push(...dnsLabel(t.name, `spec.podGroupTemplates[${i}].name`));
    out.push(...validatePolicy(t.schedulingPolicy, `spec.podGroupTemplates[${i}].schedulingPolicy`));
  });
  out.push(...uniqueBy(templates, (t) => t.name, 'spec.podGroupTemplates', 'name'));
  if (old) {
    out.push(...immutable(w.spec?.podGroupTemplates, old.spec?.podGroupTemplates, 'spec.podGroupTemplates'));
    if (old.spec?.controllerRef) out.push(...immutable(w.spec?.controllerRef, old.spec.controllerRef, 'spec.controllerRef'));
  }
  return out;
}

export function validatePodGroup(pg: PodGroup, old?: PodGroup): StatusCause[] {
  const out = validateObjectMeta(pg.metadata, { namespaced: true, name: 'subdomain' });
  out.push(...validatePolicy(pg.spec?.schedulingPolicy, 'spec.schedulingPolicy'));
  if ((pg.spec?.resourceClaims ?? []).length > 4) out.push({ reason: 'FieldValueTooMany', field: 'spec.resourceClaims', message: 'Too many: must have at most 4 items' });
  if (old) out.push(...immutable(pg.spec, old.spec, 'spec'));
  return out;
}

export function validateCoschedulingPodGroup(pg: CoschedulingPodGroup): StatusCause[] {
  const out = validateObjectMeta(pg.metadata, { namespaced: true, name: 'subdomain' });
  const spec = pg.spec ?? {};
  if (spec.minMember !== undefined && spec.minMember < 1) out.push(cause.invalid('spec.minMember', spec.minMember, 'must be greater than or equal to 1'));
  out.push(...nonNegative(spec.scheduleTimeoutSeconds, 'spec.scheduleTimeoutSeconds'));
  return out;
}
