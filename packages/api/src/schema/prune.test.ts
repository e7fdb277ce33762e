import { describe, it, expect } from 'vitest';
import { registry } from '../registry.ts';
import { pruneUnknownFields, strictDecodingMessage } from './prune.ts';
import { normalizeObject } from './normalize.ts';

const schemaOf = (group: string, kind: string) => registry.byKind(group, kind)!.schema;

describe('pruneUnknownFields', () => {
  it.each<[string, string, string, Record<string, unknown>, string[]]>([
    ['top level', '', 'Pod', { foo: 1 }, ['foo']],
    ['nested object', '', 'Pod', { spec: { containers: [], foo: 1 } }, ['spec.foo']],
    ['inside arrays', '', 'Pod', { spec: { containers: [{ name: 'a' }, { name: 'b', imagePullPolicyy: 'x', ports: [{ containerPort: 1, hostPorts: 2 }] }] } }, ['spec.containers[1].imagePullPolicyy', 'spec.containers[1].ports[0].hostPorts']],
    ['metadata', '', 'Pod', { metadata: { name: 'x', labelz: {} } }, ['metadata.labelz']],
    ['records accept any key', '', 'Pod', { metadata: { labels: { anything: 'x' }, annotations: { 'a/b': 'c' } } }, []],
    ['record values are still checked', 'resource.k8s.io', 'ResourceSlice', { spec: { devices: [{ name: 'g', attributes: { t: { string: 'a', strnig: 'b' } } }] } }, ['spec.devices[0].attributes[t].strnig']],
    ['unknown subtrees accept anything', 'resource.k8s.io', 'ResourceClaim', { spec: { devices: { config: [{ opaque: { driver: 'd', parameters: { whatever: { deep: 1 } } } }] } } }, []],
    ['deployment template', 'apps', 'Deployment', { spec: { template: { spec: { containers: [{ name: 'c', foo: 1 }] } } } }, ['spec.template.spec.containers[0].foo']],
  ])('%s', (_n, group, kind, body, expected) => {
    const obj = { apiVersion: 'v1', kind, metadata: { name: 'x' }, ...body };
    const copy = structuredClone(obj);
    expect(pruneUnknownFields(schemaOf(group, kind), obj, { remove: false })).toEqual(expected);
    expect(obj).toEqual(copy);
  });

  it('remove: true drops the fields in place', () => {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, foo: 1, spec: { containers: [{ name: 'c', bar: 2 }] } };
    expect(pruneUnknownFields(schemaOf('', 'Pod'), obj, { remove: true })).toEqual(['foo', 'spec.containers[0].bar']);
    expect(obj).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'c' }] } });
  });

  it('formats the strict decoding error', () => {
    expect(strictDecodingMessage(['spec.foo'])).toBe('strict decoding error: unknown field "spec.foo"');
    expect(strictDecodingMessage(['a', 'b'])).toBe('strict decoding error: unknown field "a", unknown field "b"');
  });
});

describe('normalizeObject', () => {
  it('drops nulls of optional fields, keeps nullable ones, stringifies quantities', () => {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', creationTimestamp: null, labels: null }, spec: { containers: [{ name: 'c', ports: null, resources: { limits: { cpu: 1, memory: 0.5 } } }] }, status: null };
    normalizeObject(schemaOf('', 'Pod'), obj);
    expect(obj).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', creationTimestamp: null }, spec: { containers: [{ name: 'c', resources: { limits: { cpu: '1', memory: '0.5' } } }] } });
  });
  it('normalises capacities inside records', () => {
    const obj = { spec: { devices: [{ name: 'g', capacity: { memory: { value: 80 } } }] } };
    normalizeObject(schemaOf('resource.k8s.io', 'ResourceSlice'), obj);
    expect(obj.spec.devices[0]!.capacity.memory.value).toBe('80');
  });
});
