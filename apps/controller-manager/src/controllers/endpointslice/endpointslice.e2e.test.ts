/** Services and their EndpointSlices through the real api-server. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EndpointSlice, Pod, Service } from '@skiff/api';
import { endpointSlicesRef, podsRef, servicesRef } from '../../refs.ts';
import { markReady, startCluster, until, type Cluster } from '../../testing/e2e.ts';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster();
  await c.manager({ leaderElection: false, controllers: ['service-ip', 'endpointslice', 'garbagecollector'] });
});
afterAll(async () => {
  await c?.close();
});

const ns = { namespace: 'default' };
const slicesOf = async (svc: string) => (await c.client.list<EndpointSlice>(endpointSlicesRef, { ...ns, labelSelector: `kubernetes.io/service-name=${svc}` })).items;

it('allocates a ClusterIP and NodePort; slices follow pods, resolve named ports, mark terminating', async () => {
  const svc: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };
  await c.client.create(servicesRef, svc);
  await until(async () => {
    const s = await c.client.get<Service>(servicesRef, 'web', ns);
    return !!s.spec?.clusterIP && !!s.spec.ports?.[0]?.nodePort;
  }, 5000, 'allocation');
  const got = await c.client.get<Service>(servicesRef, 'web', ns);
  expect(got.spec?.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./);
  expect(got.spec?.ports?.[0]?.nodePort).toBeGreaterThanOrEqual(30000);
  for (const [name, port] of [['a', 8080], ['b', 9090]] as const) {
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'web' } }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: port }] }] } };
    const created = await c.client.create(podsRef, pod);
    await markReady(c.client, created);
  }
  await until(async () => (await slicesOf('web')).reduce((n, s) => n + s.endpoints.length, 0) === 2, 5000, 'two endpoints');
  const slices = await slicesOf('web');
  expect(slices).toHaveLength(2); // 8080 and 9090 resolve differently
  for (const s of slices) {
    expect(s.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(s.metadata.labels?.['endpointslice.kubernetes.io/managed-by']).toBe('endpointslice-controller.k8s.io');
    expect(s.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Service', name: 'web' });
    expect(s.endpoints[0]).toMatchObject({ conditions: { ready: true, serving: true, terminating: false }, nodeName: 'n1', targetRef: { kind: 'Pod' } });
  }
  expect(slices.map((s) => s.ports?.[0]?.port).sort()).toEqual([8080, 9090]);
  await c.client.delete(podsRef, 'b', ns);
  await until(async () => {
    const eps = (await slicesOf('web')).flatMap((s) => s.endpoints);
    return eps.length === 1 || eps.some((e) => e.targetRef?.name === 'b' && e.conditions?.terminating === true);
  }, 5000, 'b leaves or terminates');
});
