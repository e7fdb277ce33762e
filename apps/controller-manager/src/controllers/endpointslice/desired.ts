/**
 * The endpoints a Service should have: one per selected pod with an IP, grouped by the
 * ports they resolve to (a named targetPort may differ per pod), at most 100 per slice.
 */
import type { EndpointSlice, Pod, Service } from '@skiff/api';
import { isPodFinished, isPodReady, isTerminating } from '../../util/pods.ts';

export const MAX_ENDPOINTS_PER_SLICE = 100;
export type Endpoint = EndpointSlice['endpoints'][number];
export type EndpointPort = NonNullable<EndpointSlice['ports']>[number];

export interface SliceGroup {
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

/** A pod's port number for a service port, or undefined when a named port is missing. */
export function resolvePort(pod: Pod, target: number | string | undefined, fallback: number): number | undefined {
  if (target === undefined) return fallback;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  return undefined;
}

export function endpointFor(pod: Pod, svc: Service): Endpoint {
  const ready = isPodReady(pod);
  const terminating = isTerminating(pod);
  const ep: Endpoint = {
    addresses: [pod.status?.podIP ?? ''],
    conditions: { ready: (ready || svc.spec?.publishNotReadyAddresses === true) && !terminating, serving: ready, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
  };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name) ep.hostname = pod.spec.hostname;
  return ep;
}

export function desiredGroups(svc: Service, pods: readonly Pod[]): SliceGroup[] {
  const groups = new Map<string, SliceGroup>();
  for (const pod of pods) {
    if (!pod.status?.podIP || isPodFinished(pod)) continue;
    const ports: EndpointPort[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const port = resolvePort(pod, sp.targetPort, sp.port);
      if (port === undefined) continue;
      const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      ports.push(ep);
    }
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    g.endpoints.push(endpointFor(pod, svc));
  }
  for (const g of groups.values()) g.endpoints.sort((a, b) => (a.targetRef?.name ?? '').localeCompare(b.targetRef?.name ?? ''));
  return [...groups.values()];
}
