import { describe, it, expect } from 'vitest';
import { registry } from '../registry.ts';
import type { KubeObject } from '../meta.ts';
import type { StatusCause } from '../status.ts';

const msgs = (causes: StatusCause[]) => causes.map((x) => `${x.field}: ${x.message}`);

/** Builds, defaults and validates an object of the given plural; optional old object for updates. */
function check(plural: string, group: string, body: Record<string, unknown>, old?: Record<string, unknown>, meta: Record<string, unknown> = {}): string[] {
  const t = registry.all().find((x) => x.plural === plural && x.group === group)!;
  const make = (b: Record<string, unknown>) => {
    const o = { apiVersion: 'v', kind: t.kind, metadata: { name: 'x', ...(t.namespaced ? { namespace: 'default' } : {}), ...meta }, ...structuredClone(b) } as KubeObject;
    t.defaults(o);
    return o;
  };
  return msgs(t.validate(make(body), old ? make(old) : undefined));
}

const claimSpec = (requests: unknown[], extra: Record<string, unknown> = {}) => ({ spec: { devices: { requests, ...extra } } });

describe.each<[string, string, string, Record<string, unknown>, Record<string, unknown> | undefined, string]>([
  // Service
  ['services', '', 'ports required', { spec: {} }, undefined, 'spec.ports: Required value'],
  ['services', '', 'port range', { spec: { ports: [{ port: 0 }] } }, undefined, 'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
  ['services', '', 'names for multiple ports', { spec: { ports: [{ port: 80 }, { port: 81, name: 'b' }] } }, undefined, 'spec.ports[0].name: Required value'],
  ['services', '', 'nodePort on ClusterIP', { spec: { ports: [{ port: 80, nodePort: 30080 }] } }, undefined, "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
  ['services', '', 'type enum via schema is separate; ExternalName needs name', { spec: { type: 'ExternalName' } }, undefined, 'spec.externalName: Required value'],
  ['services', '', 'clusterIP immutable', { spec: { ports: [{ port: 80 }], clusterIP: '10.0.0.2' } }, { spec: { ports: [{ port: 80 }], clusterIP: '10.0.0.1' } }, 'spec.clusterIP: Invalid value: "10.0.0.2": field is immutable'],
  // ConfigMap / Secret
  ['configmaps', '', 'bad key', { data: { 'a b': 'x' } }, undefined, "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.'"],
  ['configmaps', '', 'key in data and binaryData', { data: { a: 'x' }, binaryData: { a: 'eA==' } }, undefined, 'binaryData[a]: Duplicate value: "a"'],
  ['configmaps', '', 'immutable data', { immutable: true, data: { a: 'y' } }, { immutable: true, data: { a: 'x' } }, 'data: Forbidden: field is immutable when `immutable` is set'],
  ['configmaps', '', 'immutable cannot be unset', { immutable: false, data: { a: 'x' } }, { immutable: true, data: { a: 'x' } }, 'immutable: Forbidden: field is immutable when `immutable` is set'],
  ['secrets', '', 'bad key', { data: { 'a/b': 'eA==' } }, undefined, 'data[a/b]: Invalid value: "a/b"'],
  ['secrets', '', 'type immutable', { type: 'x' }, { type: 'Opaque' }, 'type: Invalid value: "x": field is immutable'],
  ['secrets', '', 'immutable secret', { immutable: true, data: { a: 'eQ==' } }, { immutable: true, data: { a: 'eA==' } }, 'data: Forbidden: field is immutable when `immutable` is set'],
  // Namespace, Node, Lease
  ['namespaces', '', 'name is a DNS label', {}, undefined, 'metadata.name: Invalid value: "a.b": must not contain dots'],
  ['nodes', '', 'taint key', { spec: { taints: [{ key: 'a b', effect: 'NoSchedule' }] } }, undefined, 'spec.taints[0].key: Invalid value: "a b"'],
  ['nodes', '', 'duplicate taint', { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', effect: 'NoSchedule' }] } }, undefined, 'spec.taints[1]: Duplicate value: "a:NoSchedule"'],
  ['leases', 'coordination.k8s.io', 'duration positive', { spec: { leaseDurationSeconds: 0 } }, undefined, 'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0'],
  // DRA
  ['resourceclaims', 'resource.k8s.io', 'exactly or firstAvailable', claimSpec([{ name: 'a' }]), undefined, 'spec.devices.requests[0]: Required value: exactly one of `exactly` or `firstAvailable` is required'],
  ['resourceclaims', 'resource.k8s.io', 'not both', claimSpec([{ name: 'a', exactly: { deviceClassName: 'c' }, firstAvailable: [{ name: 's', deviceClassName: 'c' }] }]), undefined, 'spec.devices.requests[0]: Invalid value:'],
  ['resourceclaims', 'resource.k8s.io', 'deviceClassName required', claimSpec([{ name: 'a', exactly: {} }]), undefined, 'spec.devices.requests[0].exactly.deviceClassName: Required value'],
  ['resourceclaims', 'resource.k8s.io', 'request name DNS label', claimSpec([{ name: 'A_B', exactly: { deviceClassName: 'c' } }]), undefined, 'spec.devices.requests[0].name: Invalid value: "A_B"'],
  ['resourceclaims', 'resource.k8s.io', 'duplicate request', claimSpec([{ name: 'a', exactly: { deviceClassName: 'c' } }, { name: 'a', exactly: { deviceClassName: 'c' } }]), undefined, 'spec.devices.requests[1].name: Duplicate value: "a"'],
  ['resourceclaims', 'resource.k8s.io', 'count positive', claimSpec([{ name: 'a', exactly: { deviceClassName: 'c', count: 0 } }]), undefined, 'spec.devices.requests[0].exactly.count: Invalid value: 0: must be greater than zero'],
  ['resourceclaims', 'resource.k8s.io', 'count with All', claimSpec([{ name: 'a', exactly: { deviceClassName: 'c', allocationMode: 'All', count: 2 } }]), undefined, "spec.devices.requests[0].exactly.count: Invalid value: 2: must not be specified when allocationMode is 'All'"],
  ['resourceclaims', 'resource.k8s.io', 'constraint references request', claimSpec([{ name: 'a', exactly: { deviceClassName: 'c' } }], { constraints: [{ requests: ['b'], matchAttribute: 'gpu.nvidia.com/parentUUID' }] }), undefined, 'spec.devices.constraints[0].requests[0]: Invalid value: "b": must be the name of a request'],
  ['resourceclaims', 'resource.k8s.io', 'spec immutable', claimSpec([{ name: 'b', exactly: { deviceClassName: 'c' } }]), claimSpec([{ name: 'a', exactly: { deviceClassName: 'c' } }]), 'spec: Invalid value:'],
  ['resourceclaimtemplates', 'resource.k8s.io', 'template claim spec', { spec: { spec: { devices: { requests: [{ name: 'a', exactly: {} }] } } } }, undefined, 'spec.spec.devices.requests[0].exactly.deviceClassName: Required value'],
  ['deviceclasses', 'resource.k8s.io', 'selector needs cel', { spec: { selectors: [{}] } }, undefined, 'spec.selectors[0].cel: Required value'],
  ['resourceslices', 'resource.k8s.io', 'node scoping one-of', { spec: { driver: 'gpu.nvidia.com', pool: { name: 'n', generation: 1, resourceSliceCount: 1 }, devices: [{ name: 'gpu-0' }] } }, undefined, 'spec: Required value: exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required'],
  ['resourceslices', 'resource.k8s.io', 'attribute one value', { spec: { driver: 'd.io', nodeName: 'n', pool: { name: 'n', generation: 1, resourceSliceCount: 1 }, devices: [{ name: 'g', attributes: { t: { string: 'a', int: 1 } } }] } }, undefined, 'spec.devices[0].attributes[t]: Invalid value:'],
  ['resourceslices', 'resource.k8s.io', 'version attribute semver', { spec: { driver: 'd.io', nodeName: 'n', pool: { name: 'n', generation: 1, resourceSliceCount: 1 }, devices: [{ name: 'g', attributes: { v: { version: '9.0' } } }] } }, undefined, 'spec.devices[0].attributes[v].version: Invalid value: "9.0"'],
  // Gang
  ['podgroups', 'scheduling.x-k8s.io', 'minMember ≥ 1', { spec: { minMember: 0 } }, undefined, 'spec.minMember: Invalid value: 0: must be greater than or equal to 1'],
  ['podgroups', 'scheduling.k8s.io', 'gang minCount positive', { spec: { schedulingPolicy: { gang: { minCount: 0 } } } }, undefined, 'spec.schedulingPolicy.gang.minCount: Invalid value: 0: must be greater than zero'],
  ['podgroups', 'scheduling.k8s.io', 'policy one-of', { spec: { schedulingPolicy: {} } }, undefined, 'spec.schedulingPolicy: Required value: exactly one of `basic` or `gang` is required'],
  ['workloads', 'scheduling.k8s.io', 'templates required', { spec: { podGroupTemplates: [] } }, undefined, 'spec.podGroupTemplates: Required value'],
  // Others
  ['priorityclasses', 'scheduling.k8s.io', 'user priority cap', { value: 2000000000 }, undefined, 'value: Forbidden: maximum allowed value of a user defined priority is 1000000000'],
  ['priorityclasses', 'scheduling.k8s.io', 'value immutable', { value: 2 }, { value: 1 }, 'value: Invalid value: 2: field is immutable'],
  ['poddisruptionbudgets', 'policy', 'min xor max', { spec: { minAvailable: 1, maxUnavailable: 1 } }, undefined, 'spec: Invalid value:'],
  ['events', '', 'namespace match', { involvedObject: { namespace: 'other', name: 'p' } }, undefined, 'involvedObject.namespace: Invalid value: "other": does not match event.namespace'],
])('%s (%s): %s', (plural, group, _name, body, old, expected) => {
  it('reports the upstream cause', () => {
    const meta = plural === 'namespaces' ? { name: 'a.b' } : {};
    const got = check(plural, group, body, old, meta);
    expect(got.some((g) => g.startsWith(expected)), `${got.join('\n')}\n!= ${expected}`).toBe(true);
  });
});

describe('valid objects pass', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['services', '', { spec: { ports: [{ port: 80, targetPort: 'http' }], selector: { app: 'a' } } }],
    ['services', '', { spec: { clusterIP: 'None', selector: { app: 'a' } } }],
    ['configmaps', '', { data: { 'a.conf': 'x', B_2: 'y' } }],
    ['nodes', '', { spec: { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }, status: { daemonEndpoints: { kubeletEndpoint: { Port: 10250 } } } }],
    ['resourceclaims', 'resource.k8s.io', claimSpec([{ name: 'gpus', exactly: { deviceClassName: 'gpu.nvidia.com', count: 2 } }, { name: 'nic', firstAvailable: [{ name: 'fast', deviceClassName: 'nic' }] }], { constraints: [{ requests: ['gpus', 'nic/fast'], matchAttribute: 'gpu.nvidia.com/parentUUID' }] })],
    ['resourceslices', 'resource.k8s.io', { spec: { driver: 'gpu.nvidia.com', nodeName: 'node-1', pool: { name: 'node-1', generation: 1, resourceSliceCount: 1 }, devices: [{ name: 'gpu-0', attributes: { type: { string: 'gpu' }, cudaComputeCapability: { version: '9.0.0' } }, capacity: { memory: { value: '80Gi' } } }] } }],
    ['podgroups', 'scheduling.x-k8s.io', { spec: { minMember: 3 } }],
    ['workloads', 'scheduling.k8s.io', { spec: { podGroupTemplates: [{ name: 'workers', schedulingPolicy: { gang: { minCount: 4 } } }] } }],
    ['leases', 'coordination.k8s.io', { spec: { holderIdentity: 'n', leaseDurationSeconds: 40 } }],
  ])('%s (%s)', (plural, group, body) => expect(check(plural, group, body)).toEqual([]));
});
