/**
 * The default/kubernetes Service and its EndpointSlice as upstream's api-server writes them
 * (pkg/controlplane/controller/kubernetesservice, endpointsreconciler): ClusterIP the first
 * address of the service range, port 443 "https" → the api-server's port, no selector, and
 * one slice named `kubernetes` holding the api-server's address.
 */
import type { EndpointSlice, Service } from '@skiff/api';
import { ipToString, parseCidr } from '../service/allocator.ts';

export const KUBERNETES = 'kubernetes';
export const DEFAULT_NAMESPACE = 'default';

export interface ApiServerEndpoint {
  /** IPv4 address pods can reach the api-server at. */
  ip: string;
  port: number;
}

/** The first usable address of the range (.1 of 10.96.0.0/12): the allocator never hands it out. */
export function kubernetesServiceIp(serviceCidr: string): string {
  return ipToString((parseCidr(serviceCidr).base + 1) >>> 0);
}

export function desiredService(serviceCidr: string, ep: ApiServerEndpoint): Service {
  const ip = kubernetesServiceIp(serviceCidr);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: KUBERNETES, namespace: DEFAULT_NAMESPACE, labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: ip, clusterIPs: [ip], sessionAffinity: 'None', ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: ep.port }] },
  };
}

export function desiredSlice(ep: ApiServerEndpoint): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: KUBERNETES, namespace: DEFAULT_NAMESPACE, labels: { 'kubernetes.io/service-name': KUBERNETES } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [ep.ip], conditions: { ready: true } }],
    ports: [{ name: 'https', port: ep.port, protocol: 'TCP' }],
  };
}
