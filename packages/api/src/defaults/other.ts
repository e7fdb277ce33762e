/** Defaults for the remaining kinds: DRA claims, PriorityClass, EndpointSlice. */
import type { ResourceClaimSpec, ExactDeviceRequest, DeviceSubRequest } from '../kinds/dra-common.ts';
import type { PriorityClass } from '../kinds/priority-class.ts';
import type { EndpointSlice } from '../kinds/endpointslice.ts';

function defaultExact(r: ExactDeviceRequest | DeviceSubRequest): void {
  r.allocationMode ??= 'ExactCount';
  if (r.allocationMode === 'ExactCount') r.count ??= 1;
  for (const t of r.tolerations ?? []) t.operator ??= 'Equal';
}

/** resource.k8s.io/v1 SetDefaults_ExactDeviceRequest / SetDefaults_DeviceSubRequest. */
export function defaultResourceClaimSpec(spec: ResourceClaimSpec | undefined): void {
  for (const req of spec?.devices?.requests ?? []) {
    if (req.exactly) defaultExact(req.exactly);
    for (const sub of req.firstAvailable ?? []) defaultExact(sub);
  }
}

export function defaultPriorityClass(pc: PriorityClass): void {
  pc.preemptionPolicy ??= 'PreemptLowerPriority';
}

export function defaultEndpointSlice(es: EndpointSlice): void {
  for (const p of es.ports ?? []) p.protocol ??= 'TCP';
}
