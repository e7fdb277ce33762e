/**
 * ValidateObjectMeta: name/generateName, namespace presence by scope, labels, annotations
 * (total ≤ 256 KiB), owner references. The name rule differs per kind (subdomain for most,
 * DNS-1123 label for namespaces, DNS-1035 label for services).
 */
import type { ObjectMeta } from '../meta.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { validateDNS1123Subdomain, validateDNS1123Label, validateDNS1035Label } from '../names.ts';
import { validateLabels, validateAnnotations } from '../labels.ts';

export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path-segment';

export interface MetaRules {
  namespaced: boolean;
  name: NameRule;
}

function validateName(name: string, rule: NameRule, field: string): StatusCause[] {
  switch (rule) {
    case 'subdomain':
      return validateDNS1123Subdomain(name, field);
    case 'label':
      return validateDNS1123Label(name, field);
    case 'dns1035':
      return validateDNS1035Label(name, field);
    case 'path-segment':
      if (name === '.' || name === '..') return [cause.invalid(field, name, `may not be '${name}'`)];
      if (/[/%]/.test(name)) return [cause.invalid(field, name, `may not contain '${name.includes('/') ? '/' : '%'}'`)];
      return [];
  }
}

export function validateObjectMeta(meta: ObjectMeta | undefined, rules: MetaRules, path = 'metadata'): StatusCause[] {
  const out: StatusCause[] = [];
  const m = meta ?? {};
  if (!m.name) {
    if (!m.generateName) out.push(cause.required(`${path}.name`, 'name or generateName is required'));
  } else {
    out.push(...validateName(m.name, rules.name, `${path}.name`));
  }
  if (rules.namespaced) {
    if (!m.namespace) out.push(cause.required(`${path}.namespace`));
    else out.push(...validateDNS1123Label(m.namespace, `${path}.namespace`));
  } else if (m.namespace) {
    out.push(cause.forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  if (m.generation !== undefined && m.generation < 0) out.push(cause.invalid(`${path}.generation`, m.generation, 'must be greater than or equal to 0'));
  out.push(...validateLabels(m.labels, `${path}.labels`));
  out.push(...validateAnnotations(m.annotations, `${path}.annotations`));
  out.push(...validateOwnerReferences(m.ownerReferences ?? [], `${path}.ownerReferences`));
  return out;
}

function validateOwnerReferences(refs: NonNullable<ObjectMeta['ownerReferences']>, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  let controllers = 0;
  refs.forEach((r, i) => {
    if (!r.apiVersion) out.push(cause.invalid(`${path}[${i}].apiVersion`, r.apiVersion ?? '', 'version must not be empty'));
    if (!r.kind) out.push(cause.invalid(`${path}[${i}].kind`, r.kind ?? '', 'kind must not be empty'));
    if (!r.name) out.push(cause.invalid(`${path}[${i}].name`, r.name ?? '', 'name must not be empty'));
    if (!r.uid) out.push(cause.invalid(`${path}[${i}].uid`, r.uid ?? '', 'uid must not be empty'));
    if (r.controller) controllers++;
  });
  if (controllers > 1) out.push(cause.invalid(path, refs, 'Only one reference can have Controller set to true'));
  return out;
}

/** Template metadata (pod templates) only checks labels and annotations. */
export function validateTemplateMeta(meta: ObjectMeta | undefined, path: string): StatusCause[] {
  return [...validateLabels(meta?.labels, `${path}.labels`), ...validateAnnotations(meta?.annotations, `${path}.annotations`)];
}
