/** default/kubernetes through the real api-server: created at start, never handed out, recreated when deleted. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EndpointSlice, Service } from '@skiff/api';
import { endpointSlicesRef, servicesRef } from '../../refs.ts';
import { startCluster, until, type Cluster } from '../../testing/e2e.ts';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster();
  await c.manager({ leaderElection: false, controllers: ['service-ip', 'kubernetes-service', 'endpointslice'] });
});
afterAll(async () => {
  await c?.close();
});

const ns = { namespace: 'default' };
const get = async <T extends Service | EndpointSlice>(ref: typeof servicesRef, name: string): Promise<T | undefined> => c.client.get<T>(ref, name, ns).catch(() => undefined);

it('publishes the api-server as default/kubernetes 10.96.0.1:443, keeps .1 out of allocation, and recreates it', async () => {
  const port = Number(new URL(c.server.url).port);
  await until(async () => !!(await get(servicesRef, 'kubernetes')) && !!(await get(endpointSlicesRef, 'kubernetes')), 10_000, 'kubernetes service');
  const svc = (await get<Service>(servicesRef, 'kubernetes'))!;
  expect(svc.spec).toMatchObject({ clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: port, protocol: 'TCP' }] });
  const slice = (await get<EndpointSlice>(endpointSlicesRef, 'kubernetes'))!;
  expect(slice.endpoints).toEqual([{ addresses: ['127.0.0.1'], conditions: { ready: true } }]);
  expect(slice.ports).toEqual([{ name: 'https', port, protocol: 'TCP' }]);

  await c.client.create(servicesRef, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  await until(async () => !!(await get<Service>(servicesRef, 'web'))?.spec?.clusterIP, 10_000, 'web ClusterIP');
  expect((await get<Service>(servicesRef, 'web'))!.spec?.clusterIP).not.toBe('10.96.0.1');

  await c.client.delete(servicesRef, 'kubernetes', ns);
  await until(async () => (await get<Service>(servicesRef, 'kubernetes'))?.metadata.uid !== undefined && (await get<Service>(servicesRef, 'kubernetes'))?.metadata.uid !== svc.metadata.uid, 10_000, 'recreated');
});
