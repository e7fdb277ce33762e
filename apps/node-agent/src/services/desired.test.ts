/** Endpoint selection and the listener set, table-driven over Service + EndpointSlice fixtures. */
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Service } from '@skiff/api';
import { readyBackends } from './endpoints.ts';
import { desiredState } from './desired.ts';

type Ep = EndpointSlice['endpoints'][number];
const ep = (ip: string, conditions?: Ep['conditions']): Ep => ({ addresses: [ip], ...(conditions ? { conditions } : {}) });
const slice = (svc: string, ports: NonNullable<EndpointSlice['ports']>, endpoints: Ep[], ns = 'default'): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: `${svc}-${Math.random().toString(36).slice(2, 7)}`, namespace: ns, labels: { 'kubernetes.io/service-name': svc } },
  addressType: 'IPv4',
  ports,
  endpoints,
});
const svc = (name: string, spec: NonNullable<Service['spec']>, ns = 'default'): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec });

describe('readyBackends', () => {
  it.each([
    ['ready and unset-ready endpoints count; not-ready and terminating do not', [slice('web', [{ name: 'http', port: 8080 }], [ep('10.0.0.1', { ready: true }), ep('10.0.0.2'), ep('10.0.0.3', { ready: false }), ep('10.0.0.4', { ready: true, terminating: true })])], ['10.0.0.1:8080', '10.0.0.2:8080']],
    ['a named target port resolving differently per slice', [slice('web', [{ name: 'http', port: 8080 }], [ep('10.0.0.1')]), slice('web', [{ name: 'http', port: 9090 }], [ep('10.0.0.2')])], ['10.0.0.1:8080', '10.0.0.2:9090']],
    ['a slice without this port name contributes nothing', [slice('web', [{ name: 'metrics', port: 9100 }], [ep('10.0.0.1')])], []],
    ['duplicates across slices collapse', [slice('web', [{ name: 'http', port: 8080 }], [ep('10.0.0.1')]), slice('web', [{ name: 'http', port: 8080 }], [ep('10.0.0.1')])], ['10.0.0.1:8080']],
  ])('%s', (_what, slices, want) => {
    expect(readyBackends({ name: 'http', port: 80 }, slices).map((b) => `${b.ip}:${b.port}`)).toEqual(want);
  });

  it('matches the unnamed port of a single-port service', () => {
    expect(readyBackends({ port: 80 }, [slice('web', [{ name: '', port: 8080 }], [ep('10.0.0.1')])])).toEqual([{ ip: '10.0.0.1', port: 8080 }]);
  });
});

describe('desiredState', () => {
  const slices = [slice('web', [{ name: '', port: 8080, protocol: 'TCP' }], [ep('172.19.0.5', { ready: true }), ep('172.19.0.6', { ready: false })])];

  it('one listener per ClusterIP:port and per NodePort, same ready backends', () => {
    const d = desiredState([svc('web', { type: 'NodePort', clusterIP: '10.96.0.7', ports: [{ port: 80, nodePort: 30080 }] })], slices);
    expect([...d.addresses]).toEqual(['10.96.0.7']);
    expect([...d.listeners.keys()]).toEqual(['10.96.0.7:80', '0.0.0.0:30080']);
    for (const l of d.listeners.values()) expect(l).toMatchObject({ service: 'default/web:80', backends: [{ ip: '172.19.0.5', port: 8080 }] });
  });

  it.each([
    ['headless', svc('h', { clusterIP: 'None', ports: [{ port: 80 }] })],
    ['ExternalName', svc('x', { type: 'ExternalName', externalName: 'example.com' })],
    ['not allocated yet', svc('new', { ports: [{ port: 80 }] })],
  ])('%s services get no address and no listener', (_what, s) => {
    const d = desiredState([s], slices);
    expect(d.addresses.size + d.listeners.size).toBe(0);
  });

  it('skips UDP ports and NodePorts of ClusterIP services; slices of other namespaces do not leak', () => {
    const d = desiredState([svc('web', { clusterIP: '10.96.0.7', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'http', port: 80, nodePort: 30080 }] }, 'other')], slices);
    expect([...d.listeners.keys()]).toEqual(['10.96.0.7:80']);
    expect(d.listeners.get('10.96.0.7:80')?.backends).toEqual([]);
  });
});
