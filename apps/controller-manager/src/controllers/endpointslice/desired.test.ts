import { expect, it } from 'vitest';
import type { Service } from '@skiff/api';
import { pod } from '../../testing/objects.ts';
import { desiredGroups } from './desired.ts';

it('groups endpoints by resolved ports; skips pods without IP or finished; terminating is not ready but may serve', () => {
  const svc: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { selector: { app: 's' }, ports: [{ name: 'p', port: 80, targetPort: 'web' }, { name: 'q', port: 81 }] } };
  const withPort = (name: string, port: number, o: Parameters<typeof pod>[1] = {}) => {
    const p = pod(name, { ready: true, ...o });
    p.spec!.containers[0]!.ports = [{ name: 'web', containerPort: port }];
    p.status!.podIP = `10.0.0.${name.length}`;
    return p;
  };
  const noIp = pod('noip', { ready: true });
  const done = withPort('done', 1, { phase: 'Succeeded' });
  const groups = desiredGroups(svc, [withPort('a', 8080), withPort('bb', 8080, { deleting: true }), withPort('ccc', 9090), noIp, done]);
  expect(groups.map((g) => g.ports.map((p) => p.port))).toEqual([[8080, 81], [9090, 81]]);
  expect(groups[0]!.endpoints.map((e) => [e.targetRef?.name, e.conditions])).toEqual([
    ['a', { ready: true, serving: true, terminating: false }],
    ['bb', { ready: false, serving: true, terminating: true }],
  ]);
});
