/** resource.k8s.io/v1 ResourceSlice validation: pool, node scoping one-of, devices and typed attributes. */
import type { ResourceSlice } from '../kinds/resource-slice.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { validateDNS1123Subdomain } from '../names.ts';
import { quantityError } from '../quantity.ts';
import { validateObjectMeta } from './object-meta.ts';
import { dnsLabel, immutable, nonNegative } from './common.ts';

const ATTRIBUTE_KINDS = ['int', 'bool', 'string', 'version'] as const;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-.]+)?(?:\+[0-9A-Za-z-.]+)?$/;

export function validateResourceSlice(slice: ResourceSlice, old?: ResourceSlice): StatusCause[] {
  const out = validateObjectMeta(slice.metadata, { namespaced: false, name: 'subdomain' });
  const spec = slice.spec;
  if (!spec) return [...out, cause.required('spec')];
  if (!spec.driver) out.push(cause.required('spec.driver'));
  else out.push(...validateDNS1123Subdomain(spec.driver, 'spec.driver'));
  if (!spec.pool?.name) out.push(cause.required('spec.pool.name'));
  out.push(...nonNegative(spec.pool?.generation, 'spec.pool.generation'));
  if (spec.pool && spec.pool.resourceSliceCount <= 0) out.push(cause.invalid('spec.pool.resourceSliceCount', spec.pool.resourceSliceCount, 'must be greater than zero'));
  const scopes = [spec.nodeName ? 'nodeName' : '', spec.nodeSelector ? 'nodeSelector' : '', spec.allNodes ? 'allNodes' : '', spec.perDeviceNodeSelection ? 'perDeviceNodeSelection' : ''].filter(Boolean);
  const oneOf = 'exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required';
  // A slice that only carries sharedCounters needs no node scoping.
  if (scopes.length === 0 && (spec.devices ?? []).length > 0) out.push(cause.required('spec', oneOf));
  if (scopes.length > 1) out.push(cause.invalid('spec', scopes, `${oneOf}, but multiple fields are set`));
  if (spec.nodeName) out.push(...validateDNS1123Subdomain(spec.nodeName, 'spec.nodeName'));
  const devices = spec.devices ?? [];
  if (devices.length > 128) out.push({ reason: 'FieldValueTooMany', field: 'spec.devices', message: `Too many: ${devices.length}: must have at most 128 items` });
  const names = new Set<string>();
  devices.forEach((d, i) => {
    const dp = `spec.devices[${i}]`;
    if (!d.name) out.push(cause.required(`${dp}.name`));
    else {
      out.push(...dnsLabel(d.name, `${dp}.name`));
      if (names.has(d.name)) out.push(cause.duplicate(`${dp}.name`, d.name));
      names.add(d.name);
    }
    const count = Object.keys(d.attributes ?? {}).length + Object.keys(d.capacity ?? {}).length;
    if (count > 32) out.push({ reason: 'FieldValueTooMany', field: dp, message: `Too many: ${count}: must have at most 32 attributes and capacities combined` });
    for (const [name, a] of Object.entries(d.attributes ?? {})) {
      const ap = `${dp}.attributes[${name}]`;
      const set = ATTRIBUTE_KINDS.filter((k) => a[k] !== undefined);
      if (set.length !== 1) out.push(cause.invalid(ap, a, 'exactly one value must be specified'));
      if (a.string !== undefined && a.string.length > 64) out.push(cause.tooLong(`${ap}.string`, 64));
      if (a.version !== undefined && (a.version.length > 64 || !SEMVER.test(a.version))) out.push(cause.invalid(`${ap}.version`, a.version, 'must be a string compatible with semver.org spec 2.0.0'));
    }
    for (const [name, c] of Object.entries(d.capacity ?? {})) {
      const err = quantityError(String(c.value));
      if (err) out.push(cause.invalid(`${dp}.capacity[${name}].value`, c.value, err));
    }
  });
  if (old?.spec) {
    out.push(...immutable(spec.driver, old.spec.driver, 'spec.driver'));
    out.push(...immutable(spec.nodeName, old.spec.nodeName, 'spec.nodeName'));
  }
  return out;
}
