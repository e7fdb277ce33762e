/**
 * resource.k8s.io/v1 validation: claim requests (exactly vs firstAvailable, counts,
 * allocation modes), constraints and config referencing real requests, DeviceClass
 * selectors, ResourceSlice pools and devices. Claim and template specs are immutable.
 */
import type { ResourceClaimSpec, ExactDeviceRequest, DeviceSubRequest, DeviceSelector } from '../kinds/dra-common.ts';
import type { ResourceClaim } from '../kinds/resource-claim.ts';
import type { ResourceClaimTemplate } from '../kinds/resource-claim-template.ts';
import type { DeviceClass } from '../kinds/device-class.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { validateDNS1123Subdomain } from '../names.ts';
import { validateObjectMeta, validateTemplateMeta } from './object-meta.ts';
import { dnsLabel, immutable } from './common.ts';

export const MAX_REQUESTS = 32;

function validateSelectors(sel: DeviceSelector[] | undefined, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  (sel ?? []).forEach((s, i) => {
    if (!s.cel) out.push(cause.required(`${path}[${i}].cel`));
    else if (!s.cel.expression) out.push(cause.required(`${path}[${i}].cel.expression`));
    else if (s.cel.expression.length > 10 * 1024) out.push(cause.tooLong(`${path}[${i}].cel.expression`, 10 * 1024));
  });
  return out;
}

function validateExact(r: ExactDeviceRequest | DeviceSubRequest, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  if (!r.deviceClassName) out.push(cause.required(`${path}.deviceClassName`));
  else out.push(...validateDNS1123Subdomain(r.deviceClassName, `${path}.deviceClassName`));
  out.push(...validateSelectors(r.selectors, `${path}.selectors`));
  const mode = r.allocationMode ?? 'ExactCount';
  if (mode === 'ExactCount' && r.count !== undefined && r.count <= 0) out.push(cause.invalid(`${path}.count`, r.count, 'must be greater than zero'));
  if (mode === 'All' && r.count !== undefined) out.push(cause.invalid(`${path}.count`, r.count, "must not be specified when allocationMode is 'All'"));
  return out;
}

export function validateClaimSpec(spec: ResourceClaimSpec | undefined, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const requests = spec?.devices?.requests ?? [];
  if (requests.length > MAX_REQUESTS) out.push({ reason: 'FieldValueTooMany', field: `${path}.devices.requests`, message: `Too many: ${requests.length}: must have at most ${MAX_REQUESTS} items` });
  const names = new Set<string>();
  requests.forEach((r, i) => {
    const rp = `${path}.devices.requests[${i}]`;
    if (!r.name) out.push(cause.required(`${rp}.name`));
    else {
      out.push(...dnsLabel(r.name, `${rp}.name`));
      if (names.has(r.name)) out.push(cause.duplicate(`${rp}.name`, r.name));
      names.add(r.name);
    }
    const hasExactly = r.exactly !== undefined;
    const hasFirst = r.firstAvailable !== undefined;
    if (!hasExactly && !hasFirst) out.push(cause.required(rp, 'exactly one of `exactly` or `firstAvailable` is required'));
    if (hasExactly && hasFirst) out.push(cause.invalid(rp, r, 'exactly one of `exactly` or `firstAvailable` is required, but multiple fields are set'));
    if (r.exactly) out.push(...validateExact(r.exactly, `${rp}.exactly`));
    if (r.firstAvailable) {
      if (r.firstAvailable.length === 0) out.push(cause.required(`${rp}.firstAvailable`));
      const subNames = new Set<string>();
      r.firstAvailable.forEach((s, j) => {
        const sp = `${rp}.firstAvailable[${j}]`;
        if (!s.name) out.push(cause.required(`${sp}.name`));
        else {
          out.push(...dnsLabel(s.name, `${sp}.name`));
          if (subNames.has(s.name)) out.push(cause.duplicate(`${sp}.name`, s.name));
          subNames.add(s.name);
          names.add(`${r.name}/${s.name}`);
        }
        out.push(...validateExact(s, sp));
      });
    }
  });
  const refOk = (n: string) => names.has(n);
  const refMsg = "must be the name of a request in the claim or the name of a request and a subrequest separated with '/'";
  (spec?.devices?.constraints ?? []).forEach((c, i) => {
    const cp = `${path}.devices.constraints[${i}]`;
    (c.requests ?? []).forEach((n, j) => {
      if (!refOk(n)) out.push(cause.invalid(`${cp}.requests[${j}]`, n, refMsg));
    });
    const set = [c.matchAttribute, c.distinctAttribute].filter((x) => x !== undefined);
    if (set.length === 0) out.push(cause.required(`${cp}.matchAttribute`));
    if (set.length > 1) out.push(cause.invalid(cp, c, 'exactly one of `matchAttribute` or `distinctAttribute` is required, but multiple fields are set'));
    if (c.matchAttribute !== undefined && !c.matchAttribute.includes('/')) out.push(cause.required(`${cp}.matchAttribute`, 'a fully qualified attribute name is required'));
  });
  (spec?.devices?.config ?? []).forEach((c, i) => {
    const cp = `${path}.devices.config[${i}]`;
    (c.requests ?? []).forEach((n, j) => {
      if (!refOk(n)) out.push(cause.invalid(`${cp}.requests[${j}]`, n, refMsg));
    });
    if (!c.opaque) out.push(cause.required(`${cp}.opaque`));
    else if (!c.opaque.driver) out.push(cause.required(`${cp}.opaque.driver`));
  });
  return out;
}

export function validateResourceClaim(claim: ResourceClaim, old?: ResourceClaim): StatusCause[] {
  const out = [...validateObjectMeta(claim.metadata, { namespaced: true, name: 'subdomain' }), ...validateClaimSpec(claim.spec, 'spec')];
  if (old) out.push(...immutable(claim.spec, old.spec, 'spec'));
  const results = claim.status?.allocation?.devices?.results ?? [];
  results.forEach((r, i) => {
    if (!r.request) out.push(cause.required(`status.allocation.devices.results[${i}].request`));
    if (!r.driver) out.push(cause.required(`status.allocation.devices.results[${i}].driver`));
    if (!r.device) out.push(cause.required(`status.allocation.devices.results[${i}].device`));
  });
  if ((claim.status?.reservedFor ?? []).length > 256) out.push({ reason: 'FieldValueTooMany', field: 'status.reservedFor', message: 'Too many: must have at most 256 items' });
  return out;
}

export function validateResourceClaimTemplate(t: ResourceClaimTemplate, old?: ResourceClaimTemplate): StatusCause[] {
  const out = [...validateObjectMeta(t.metadata, { namespaced: true, name: 'subdomain' }), ...validateTemplateMeta(t.spec?.metadata, 'spec.metadata'), ...validateClaimSpec(t.spec?.spec, 'spec.spec')];
  if (old) out.push(...immutable(t.spec, old.spec, 'spec'));
  return out;
}

export function validateDeviceClass(dc: DeviceClass): StatusCause[] {
  const out = [...validateObjectMeta(dc.metadata, { namespaced: false, name: 'subdomain' }), ...validateSelectors(dc.spec?.selectors, 'spec.selectors')];
  (dc.spec?.config ?? []).forEach((c, i) => {
    if (!c.opaque) out.push(cause.required(`spec.config[${i}].opaque`));
    else if (!c.opaque.driver) out.push(cause.required(`spec.config[${i}].opaque.driver`));
  });
  return out;
}
