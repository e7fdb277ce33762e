/**
 * What the data path should look like for the current Services and EndpointSlices, computed
 * from scratch on every change (level-triggered): the ClusterIPs to hold as local addresses
 * and one TCP listener per ClusterIP:port and per NodePort, each with its ready backends.
 * Headless (clusterIP None) and ExternalName services get no listener (DNS answers them);
 * UDP/SCTP ports are left out: this proxy speaks TCP only.
 */
import type { EndpointSlice, Service } from '@skiff/api';
import { readyBackends, type Backend } from './endpoints.ts';
import { LABEL_SERVICE_NAME } from './refs.ts';

export interface ListenerSpec {
  host: string;
  port: number;
  /** `<namespace>/<service>:<port name or number>`, for logs and events. */
  service: string;
  namespace: string;
  serviceName: string;
  backends: Backend[];
}

export interface DesiredState {
  addresses: Set<string>;
  /** Keyed by `host:port`. */
  listeners: Map<string, ListenerSpec>;
}

export const listenerKey = (host: string, port: number): string => `${host}:${port}`;

export function hasClusterIP(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None' && svc.spec?.type !== 'ExternalName';
}

export function slicesByService(slices: readonly EndpointSlice[]): Map<string, EndpointSlice[]> {
  const out = new Map<string, EndpointSlice[]>();
  for (const s of slices) {
    const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
    if (!svc) continue;
    const key = `${s.metadata.namespace ?? 'default'}/${svc}`;
    out.set(key, [...(out.get(key) ?? []), s]);
  }
  return out;
}

/** `nodePortHost` is where NodePorts listen: every address of the node by default. */
export function desiredState(services: readonly Service[], slices: readonly EndpointSlice[], nodePortHost = '0.0.0.0'): DesiredState {
  const bySvc = slicesByService(slices);
  const state: DesiredState = { addresses: new Set(), listeners: new Map() };
  for (const svc of services) {
    if (!hasClusterIP(svc)) continue;
    const namespace = svc.metadata.namespace ?? 'default';
    const serviceName = svc.metadata.name ?? '';
    const clusterIP = svc.spec!.clusterIP!;
    const own = bySvc.get(`${namespace}/${serviceName}`) ?? [];
    state.addresses.add(clusterIP);
    for (const sp of svc.spec?.ports ?? []) {
      if ((sp.protocol ?? 'TCP') !== 'TCP') continue;
      const backends = readyBackends(sp, own);
      const base = { service: `${namespace}/${serviceName}:${sp.name || sp.port}`, namespace, serviceName, backends };
      state.listeners.set(listenerKey(clusterIP, sp.port), { host: clusterIP, port: sp.port, ...base });
      const nodePort = svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer' ? sp.nodePort : undefined;
      if (nodePort) state.listeners.set(listenerKey(nodePortHost, nodePort), { host: nodePortHost, port: nodePort, ...base });
    }
  }
  return state;
}
