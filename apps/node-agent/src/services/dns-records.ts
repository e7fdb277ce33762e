/**
 * What a service name resolves to, as the Kubernetes DNS spec says: `<svc>.<ns>.svc.<domain>`
 * is the ClusterIP for a normal service, the ready endpoint addresses for a headless one
 * (clusterIP None), and a CNAME for an ExternalName service.
 */
import type { EndpointSlice, Service } from '@skiff/api';
import { hasClusterIP } from './desired.ts';

export type NameRecord = { kind: 'addresses'; ips: string[] } | { kind: 'cname'; target: string };

/** Read-only view of the caches the DNS answers from. */
export interface ServiceView {
  service(namespace: string, name: string): Service | undefined;
  slices(namespace: string, name: string): readonly EndpointSlice[];
}

export function serviceRecord(svc: Service, slices: readonly EndpointSlice[]): NameRecord | undefined {
  if (svc.spec?.type === 'ExternalName') return svc.spec.externalName ? { kind: 'cname', target: svc.spec.externalName.replace(/\.$/, '') } : undefined;
  if (hasClusterIP(svc)) return { kind: 'addresses', ips: [svc.spec!.clusterIP!] };
  if (svc.spec?.clusterIP !== 'None') return undefined; // not allocated yet
  const ips = new Set<string>();
  for (const s of slices) {
    if (s.addressType !== 'IPv4') continue;
    for (const ep of s.endpoints) if (ep.conditions?.ready !== false) for (const ip of ep.addresses) ips.add(ip);
  }
  return { kind: 'addresses', ips: [...ips].sort() };
}

/** `web.default.svc.cluster.local` → { namespace: default, name: web }; anything else in the domain → undefined. */
export function parseServiceName(qname: string, domain: string): { namespace: string; name: string } | undefined {
  const suffix = `.svc.${domain}`;
  if (!qname.endsWith(suffix)) return undefined;
  const parts = qname.slice(0, -suffix.length).split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { name: parts[0], namespace: parts[1] };
}

export function lookupName(view: ServiceView, qname: string, domain: string): NameRecord | undefined {
  const n = parseServiceName(qname, domain);
  if (!n) return undefined;
  const svc = view.service(n.namespace, n.name);
  return svc ? serviceRecord(svc, view.slices(n.namespace, n.name)) : undefined;
}
