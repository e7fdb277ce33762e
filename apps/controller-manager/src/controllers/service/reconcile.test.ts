import { afterEach, expect, it } from 'vitest';
import type { Service } from '@skiff/api';
import { fixture, type Fixture } from '../../testing/fixture.ts';
import { IpAllocator, PortAllocator } from './allocator.ts';
import { ServiceIpReconciler } from './reconcile.ts';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.stop();
  f = undefined;
});

const svc = (name: string, spec: NonNullable<Service['spec']>): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });

it('allocates from the range, skipping network, .1 and used addresses; ports without duplicates', () => {
  const ips = new IpAllocator('10.96.0.0/12');
  ips.use('10.96.0.2');
  expect([ips.allocate(), ips.allocate()]).toEqual(['10.96.0.3', '10.96.0.4']);
  const small = new IpAllocator('10.0.0.0/30');
  expect([small.allocate(), small.allocate()]).toEqual(['10.0.0.2', undefined]);
  const ports = new PortAllocator([30000, 30002]);
  ports.use(30001);
  expect([ports.allocate(), ports.allocate(), ports.allocate()]).toEqual([30000, 30002, undefined]);
});

it('gives a ClusterIP and NodePorts, honours requested ones, leaves headless alone', async () => {
  f = await fixture({
    services: [
      svc('taken', { type: 'NodePort', clusterIP: '10.96.0.2', ports: [{ port: 80, nodePort: 30000 }] }),
      svc('web', { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81, nodePort: 30005 }] }),
      svc('headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
    ],
  });
  const r = new ServiceIpReconciler(f.deps);
  await f.reconcile(r, 'default', 'web');
  await f.reconcile(r, 'default', 'headless');
  const writes = f.client.of('patch', 'services');
  expect(writes).toHaveLength(1);
  expect((writes[0]!.body as { spec: unknown }).spec).toEqual({ clusterIP: '10.96.0.3', clusterIPs: ['10.96.0.3'], ports: [{ name: 'a', port: 80, nodePort: 30001 }, { name: 'b', port: 81, nodePort: 30005 }] });
});
