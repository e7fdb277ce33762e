/**
 * Which backends one service port sends traffic to: the READY endpoints of the service's
 * EndpointSlices, at the port the slice resolved for that service port (a named targetPort
 * can resolve to different numbers per pod, hence per slice). kube-proxy's rule: an endpoint
 * with `ready` unset counts as ready; terminating endpoints never take new connections.
 */
import type { EndpointSlice, Service } from '@skiff/api';

export interface Backend {
  ip: string;
  port: number;
}

type ServicePort = NonNullable<NonNullable<Service['spec']>['ports']>[number];

export const backendKey = (b: Backend): string => `${b.ip}:${b.port}`;

export function readyBackends(sp: ServicePort, slices: readonly EndpointSlice[]): Backend[] {
  const name = sp.name ?? '';
  const protocol = sp.protocol ?? 'TCP';
  const seen = new Set<string>();
  const out: Backend[] = [];
  for (const s of slices) {
    if (s.addressType !== 'IPv4') continue;
    const port = s.ports?.find((p) => (p.name ?? '') === name && (p.protocol ?? 'TCP') === protocol)?.port;
    if (port === undefined) continue;
    for (const ep of s.endpoints) {
      if (ep.conditions?.ready === false || ep.conditions?.terminating === true) continue;
      for (const ip of ep.addresses) {
        const b = { ip, port };
        if (!ip || seen.has(backendKey(b))) continue;
        seen.add(backendKey(b));
        out.push(b);
      }
    }
  }
  // Stable order, so a slice rewrite that changes nothing does not reshuffle the rotation.
  return out.sort((a, b) => backendKey(a).localeCompare(backendKey(b)));
}
