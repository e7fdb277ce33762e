import { afterEach, expect, it } from 'vitest';
import type { EndpointSlice, Service } from '@skiff/api';
import { fixture, type Fixture } from '../../testing/fixture.ts';
import { desiredService, desiredSlice, kubernetesServiceIp } from './desired.ts';
import { KubernetesServiceReconciler } from './reconcile.ts';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.stop();
  f = undefined;
});

const apiServer = { host: '192.168.1.10', port: 6443 };
const ep = { ip: '192.168.1.10', port: 6443 };

it('the first address of the range belongs to default/kubernetes', () => {
  expect(kubernetesServiceIp('10.96.0.0/12')).toBe('10.96.0.1');
  expect(kubernetesServiceIp('10.0.0.0/24')).toBe('10.0.0.1');
});

it('creates default/kubernetes (ClusterIP .1, 443 → the api-server port) and its EndpointSlice', async () => {
  f = await fixture({}, { options: { apiServer } });
  await f.reconcile(new KubernetesServiceReconciler(f.deps), 'default', 'kubernetes');
  const svc = f.client.of('create', 'services')[0]!.body as Service;
  expect(svc.metadata).toMatchObject({ name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } });
  expect(svc.spec).toEqual({ type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], sessionAffinity: 'None', ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }] });
  expect(svc.spec).not.toHaveProperty('selector'); // the endpointslice controller leaves it alone
  const slice = f.client.of('create', 'endpointslices')[0]!.body as EndpointSlice;
  expect(slice).toMatchObject({ metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } }, addressType: 'IPv4', endpoints: [{ addresses: ['192.168.1.10'], conditions: { ready: true } }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] });
});

it('leaves a correct pair alone, repairs a moved api-server, ignores other services', async () => {
  const svc = desiredService('10.96.0.0/12', ep);
  const moved = desiredSlice({ ip: '192.168.1.99', port: 6443 });
  f = await fixture({ services: [svc, { ...svc, metadata: { name: 'web', namespace: 'default' } }], endpointslices: [moved] }, { options: { apiServer } });
  const r = new KubernetesServiceReconciler(f.deps);
  await f.reconcile(r, 'default', 'web');
  expect(f.client.writes).toEqual([]);
  await f.reconcile(r, 'default', 'kubernetes');
  expect(f.client.writes.map((w) => `${w.verb} ${w.resource}/${w.name}`)).toEqual(['update endpointslices/kubernetes']);
  expect((f.client.writes[0]!.body as EndpointSlice).endpoints).toEqual([{ addresses: ['192.168.1.10'], conditions: { ready: true } }]);
});

it('without a known api-server address it writes nothing', async () => {
  f = await fixture({});
  await f.reconcile(new KubernetesServiceReconciler(f.deps), 'default', 'kubernetes');
  expect(f.client.writes).toEqual([]);
});
