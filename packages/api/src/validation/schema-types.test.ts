import { describe, it, expect } from 'vitest';
import { registry } from '../registry.ts';
import { validateSchema } from './schema-types.ts';
import { PodSchema } from '../kinds/pod.ts';

const pod = registry.byKind('', 'Pod')!;
const base = () => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', creationTimestamp: null }, spec: { containers: [{ name: 'c', image: 'i' }] }, status: {} }) as any;

describe('validateSchema', () => {
  it('accepts a well-typed pod with kubectl nulls', () => expect(validateSchema(pod, base())).toEqual([]));
  it('accepts a bare schema too', () => expect(validateSchema(PodSchema, base())).toEqual([]));
  it('accepts numeric quantities and int-or-string', () => {
    const o = base();
    o.spec.containers[0].resources = { limits: { cpu: 1, memory: '1Gi' } };
    o.spec.containers[0].livenessProbe = { httpGet: { port: 'http' }, tcpSocket: { port: 8080 } };
    expect(validateSchema(pod, o)).toEqual([]);
  });
  it.each<[string, (o: any) => void, { reason: string; field: string; message?: string }]>([
    ['integer field given a string', (o) => (o.spec.containers[0].ports = [{ containerPort: '80' }]), { reason: 'FieldValueTypeInvalid', field: 'spec.containers[0].ports[0].containerPort', message: 'Invalid value: "string": spec.containers[0].ports[0].containerPort in body must be of type integer: "string"' }],
    ['array given an object', (o) => (o.spec.containers = { name: 'c' }), { reason: 'FieldValueTypeInvalid', field: 'spec.containers' }],
    ['object given a string', (o) => (o.spec = 'x'), { reason: 'FieldValueTypeInvalid', field: 'spec' }],
    ['boolean given a string', (o) => (o.spec.hostNetwork = 'yes'), { reason: 'FieldValueTypeInvalid', field: 'spec.hostNetwork' }],
    ['map value not a string', (o) => (o.metadata.labels = { a: 1 }), { reason: 'FieldValueTypeInvalid', field: 'metadata.labels[a]' }],
    ['required field missing', (o) => delete o.spec.containers[0].name, { reason: 'FieldValueRequired', field: 'spec.containers[0].name', message: 'Required value' }],
    ['required top-level list missing', (o) => delete o.spec.containers, { reason: 'FieldValueRequired', field: 'spec.containers' }],
    ['enum value', (o) => (o.spec.restartPolicy = 'Sometimes'), { reason: 'FieldValueNotSupported', field: 'spec.restartPolicy', message: 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"' }],
    ['int-or-string given a bool', (o) => (o.spec.containers[0].livenessProbe = { httpGet: { port: true } }), { reason: 'FieldValueTypeInvalid', field: 'spec.containers[0].livenessProbe.httpGet.port' }],
    ['quantity given an object', (o) => (o.spec.containers[0].resources = { requests: { cpu: {} } }), { reason: 'FieldValueTypeInvalid', field: 'spec.containers[0].resources.requests[cpu]' }],
    ['non-integer number', (o) => (o.spec.terminationGracePeriodSeconds = 1.5), { reason: 'FieldValueTypeInvalid', field: 'spec.terminationGracePeriodSeconds' }],
  ])('%s', (_n, mut, expected) => {
    const o = base();
    mut(o);
    expect(validateSchema(pod, o)).toContainEqual(expected.message ? expected : expect.objectContaining(expected));
  });
  it('reports every error, not just the first', () => {
    const o = base();
    o.spec.containers.push({ image: 'x' }, { name: 3 });
    expect(validateSchema(pod, o).map((c) => c.field)).toEqual(['spec.containers[1].name', 'spec.containers[2].name']);
  });
  it('the DRA opaque parameters accept anything', () => {
    const t = registry.byKind('resource.k8s.io', 'ResourceClaim')!;
    const claim = { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaim', metadata: { name: 'c' }, spec: { devices: { config: [{ opaque: { driver: 'd', parameters: { any: [1, { x: null }] } } }] } } };
    expect(validateSchema(t, claim)).toEqual([]);
  });
});
