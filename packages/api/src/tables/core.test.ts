import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../meta.ts';
import { configmapRow } from './configmap.ts';
import { eventColumns, eventRow } from './event.ts';
import { namespaceColumns, namespaceRow } from './namespace.ts';
import { nodeColumns, nodeRow } from './node.ts';
import { secretRow } from './secret.ts';
import { serviceColumns, serviceRow } from './service.ts';

const NOW = Date.parse('2026-01-02T15:04:05Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const meta = (extra: Record<string, unknown> = {}) => ({ name: 'x', creationTimestamp: ago(42 * 60_000), ...extra });
const o = (kind: string, rest: Record<string, unknown>, m: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind, metadata: meta(m), ...rest });

describe('node', () => {
  it('columns', () => {
    expect(nodeColumns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Status:0', 'Roles:0', 'Age:0', 'Version:0', 'Internal-IP:1', 'External-IP:1', 'OS-Image:1', 'Kernel-Version:1', 'Container-Runtime:1',
    ]);
  });
  const info = { kubeletVersion: 'v1.32.0-skiff', osImage: 'Ubuntu 24.04', kernelVersion: '6.8.0', containerRuntimeVersion: 'docker://27.0' };
  it.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, string>, string, string]>([
    ['ready', {}, { conditions: [{ type: 'Ready', status: 'True' }] }, {}, 'Ready', '<none>'],
    ['not ready', {}, { conditions: [{ type: 'Ready', status: 'False' }] }, { 'node-role.kubernetes.io/control-plane': '' }, 'NotReady', 'control-plane'],
    ['unknown status', {}, { conditions: [{ type: 'Ready', status: 'Unknown' }] }, {}, 'NotReady', '<none>'],
    ['no ready condition', {}, {}, { 'kubernetes.io/role': 'gpu' }, 'Unknown', 'gpu'],
    ['cordoned', { unschedulable: true }, { conditions: [{ type: 'Ready', status: 'True' }] }, { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/gpu': 'true' }, 'Ready,SchedulingDisabled', 'gpu,worker'],
  ])('%s', (_n, spec, status, labels, st, roles) => {
    const row = nodeRow(o('Node', { spec, status: { nodeInfo: info, ...status } }, { labels }), NOW);
    expect(row.slice(1, 5)).toEqual([st, roles, '42m', 'v1.32.0-skiff']);
  });
  it('wide cells', () => {
    const n = o('Node', { status: { nodeInfo: info, addresses: [{ type: 'Hostname', address: 'h' }, { type: 'InternalIP', address: '10.0.0.1' }] } });
    expect(nodeRow(n, NOW).slice(5)).toEqual(['10.0.0.1', '<none>', 'Ubuntu 24.04', '6.8.0', 'docker://27.0']);
    expect(nodeRow(o('Node', {}), NOW).slice(4)).toEqual(['', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  });
});

describe('service', () => {
  it('columns', () => {
    expect(serviceColumns.map((c) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Type:0', 'Cluster-IP:0', 'External-IP:0', 'Port(s):0', 'Age:0', 'Selector:1']);
  });
  it.each<[string, Record<string, unknown>, Record<string, unknown>, unknown[]]>([
    ['cluster ip', { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], selector: { k8s: 'dns' } }, {},
      ['x', 'ClusterIP', '10.96.0.10', '<none>', '53/UDP,53/TCP', '42m', 'k8s=dns']],
    ['node port', { type: 'NodePort', clusterIPs: ['10.96.0.2'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }], selector: { app: 'web' } }, {},
      ['x', 'NodePort', '10.96.0.2', '<none>', '80:30080/TCP', '42m', 'app=web']],
    ['headless, no ports', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }, {}, ['x', 'ClusterIP', 'None', '<none>', '<none>', '42m', '<none>']],
    ['lb pending', { type: 'LoadBalancer', clusterIPs: ['10.0.0.3'], ports: [{ port: 443, nodePort: 31000, protocol: 'TCP' }] }, {},
      ['x', 'LoadBalancer', '10.0.0.3', '<pending>', '443:31000/TCP', '42m', '<none>']],
    ['lb with ingress + externalIPs', { type: 'LoadBalancer', externalIPs: ['5.5.5.5'] }, { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { hostname: 'lb.example' }] } },
      ['x', 'LoadBalancer', '<none>', '1.2.3.4,lb.example,5.5.5.5', '<none>', '42m', '<none>']],
    ['external name', { type: 'ExternalName', externalName: 'db.example.com' }, {}, ['x', 'ExternalName', '<none>', 'db.example.com', '<none>', '42m', '<none>']],
    ['externalIPs on cluster ip', { type: 'ClusterIP', externalIPs: ['1.1.1.1', '2.2.2.2'] }, {}, ['x', 'ClusterIP', '<none>', '1.1.1.1,2.2.2.2', '<none>', '42m', '<none>']],
  ])('%s', (_n, spec, status, want) => {
    expect(serviceRow(o('Service', { spec, status }), NOW)).toEqual(want);
  });
});

describe('namespace / configmap / secret', () => {
  it('namespace', () => {
    expect(namespaceColumns.map((c) => c.name)).toEqual(['Name', 'Status', 'Age']);
    expect(namespaceRow(o('Namespace', { status: { phase: 'Active' } }), NOW)).toEqual(['x', 'Active', '42m']);
  });
  it('configmap counts data + binaryData', () => {
    expect(configmapRow(o('ConfigMap', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }), NOW)).toEqual(['x', 3, '42m']);
    expect(configmapRow(o('ConfigMap', {}), NOW)).toEqual(['x', 0, '42m']);
  });
  it('secret', () => {
    expect(secretRow(o('Secret', { type: 'Opaque', data: { a: 'YQ==' } }), NOW)).toEqual(['x', 'Opaque', 1, '42m']);
  });
});

describe('event', () => {
  it('columns', () => {
    expect(eventColumns.map((c) => `${c.name}:${c.priority}:${c.format}`)).toEqual([
      'Last Seen:0:', 'Type:0:', 'Reason:0:', 'Object:0:', 'Subobject:1:', 'Source:1:', 'Message:0:', 'First Seen:1:', 'Count:1:', 'Name:1:name',
    ]);
  });
  it('classic event', () => {
    const e = o('Event', {
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{main}' },
      reason: 'Pulled', type: 'Normal', message: '  Successfully pulled image \n',
      source: { component: 'kubelet', host: 'n1' }, firstTimestamp: ago(10 * 60_000), lastTimestamp: ago(5 * 60_000), count: 4,
    }, { name: 'web-1.abc' });
    expect(eventRow(e, NOW)).toEqual(['5m', 'Normal', 'Pulled', 'pod/web-1', 'spec.containers{main}', 'kubelet, n1', 'Successfully pulled image', '10m', 4, 'web-1.abc']);
  });
  it('new-style event: eventTime, reporting controller, no count', () => {
    const e = o('Event', {
      involvedObject: { kind: 'Node' }, reason: 'Started', type: 'Normal', message: 'm',
      eventTime: '2026-01-02T15:03:05.123456Z', reportingController: 'skiff-scheduler',
    });
    expect(eventRow(e, NOW)).toEqual(['59s', 'Normal', 'Started', 'node', '', 'skiff-scheduler', 'm', '59s', 1, 'x']);
  });
  it('series overrides last seen and count', () => {
    const e = o('Event', { involvedObject: { kind: 'Pod', name: 'p' }, eventTime: ago(3_600_000), series: { count: 7, lastObservedTime: ago(30_000) } });
    const row = eventRow(e, NOW);
    expect([row[0], row[7], row[8]]).toEqual(['30s', '60m', 7]);
  });
});
