/** Validation for the small kinds: Namespace, Node, Lease, Event, Binding, PriorityClass, PDB, EndpointSlice. */
import type { Namespace } from '../kinds/namespace.ts';
import type { Node } from '../kinds/node.ts';
import type { Lease } from '../kinds/lease.ts';
import type { Event } from '../kinds/event.ts';
import type { Binding } from '../kinds/binding.ts';
import type { PriorityClass } from '../kinds/priority-class.ts';
import type { PodDisruptionBudget } from '../kinds/policy.ts';
import type { EndpointSlice } from '../kinds/endpointslice.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { validateQualifiedName } from '../names.ts';
import { validateObjectMeta } from './object-meta.ts';
import { immutable, intOrPercent, nonNegative, positive, uniqueBy, validPort } from './common.ts';

export function validateNamespace(ns: Namespace): StatusCause[] {
  return validateObjectMeta(ns.metadata, { namespaced: false, name: 'label' });
}

export function validateNode(node: Node): StatusCause[] {
  const out = validateObjectMeta(node.metadata, { namespaced: false, name: 'subdomain' });
  (node.spec?.taints ?? []).forEach((t, i) => {
    if (!t.key) out.push(cause.required(`spec.taints[${i}].key`));
    else out.push(...validateQualifiedName(t.key, `spec.taints[${i}].key`));
  });
  out.push(...uniqueBy(node.spec?.taints, (t) => `${t.key}:${t.effect}`, 'spec.taints', ''));
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (port !== undefined && port !== 0) out.push(...validPort(port, 'status.daemonEndpoints.kubeletEndpoint.Port'));
  return out;
}

export function validateLease(lease: Lease): StatusCause[] {
  const out = validateObjectMeta(lease.metadata, { namespaced: true, name: 'subdomain' });
  out.push(...positive(lease.spec?.leaseDurationSeconds, 'spec.leaseDurationSeconds'));
  out.push(...nonNegative(lease.spec?.leaseTransitions, 'spec.leaseTransitions'));
  return out;
}

export function validateEvent(ev: Event): StatusCause[] {
  const out = validateObjectMeta(ev.metadata, { namespaced: true, name: 'subdomain' });
  const ns = ev.involvedObject?.namespace;
  if (ns && ev.metadata.namespace && ns !== ev.metadata.namespace) {
    out.push(cause.invalid('involvedObject.namespace', ns, 'does not match event.namespace'));
  }
  if (ev.count !== undefined) out.push(...nonNegative(ev.count, 'count'));
  return out;
}

export function validateBinding(b: Binding): StatusCause[] {
  const out = validateObjectMeta(b.metadata, { namespaced: true, name: 'subdomain' });
  if (!b.target?.name) out.push(cause.required('target.name'));
  if (b.target?.kind && b.target.kind !== 'Node') out.push(cause.notSupported('target.kind', b.target.kind, ['Node']));
  return out;
}

export const HIGHEST_USER_PRIORITY = 1_000_000_000;

export function validatePriorityClass(pc: PriorityClass, old?: PriorityClass): StatusCause[] {
  const out = validateObjectMeta(pc.metadata, { namespaced: false, name: 'subdomain' });
  if (!(pc.metadata.name ?? '').startsWith('system-') && pc.value > HIGHEST_USER_PRIORITY) {
    out.push(cause.forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`));
  }
  if (old) {
    out.push(...immutable(pc.value, old.value, 'value'));
    out.push(...immutable(pc.preemptionPolicy, old.preemptionPolicy, 'preemptionPolicy'));
  }
  return out;
}

export function validatePodDisruptionBudget(pdb: PodDisruptionBudget): StatusCause[] {
  const out = validateObjectMeta(pdb.metadata, { namespaced: true, name: 'subdomain' });
  const spec = pdb.spec ?? {};
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    out.push(cause.invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  out.push(...intOrPercent(spec.minAvailable, 'spec.minAvailable'));
  out.push(...intOrPercent(spec.maxUnavailable, 'spec.maxUnavailable'));
  return out;
}

export function validateEndpointSlice(es: EndpointSlice, old?: EndpointSlice): StatusCause[] {
  const out = validateObjectMeta(es.metadata, { namespaced: true, name: 'subdomain' });
  es.endpoints.forEach((e, i) => {
    if (e.addresses.length === 0) out.push(cause.required(`endpoints[${i}].addresses`, 'must contain at least 1 address'));
  });
  (es.ports ?? []).forEach((p, i) => {
    if (p.port !== undefined) out.push(...validPort(p.port, `ports[${i}].port`));
  });
  if (old) out.push(...immutable(es.addressType, old.addressType, 'addressType'));
  return out;
}
