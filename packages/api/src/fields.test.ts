import { describe, expect, it } from 'vitest';
import { checkFieldSelector, fieldSelectorToString, matchesFields, parseFieldSelector } from './fields.ts';
import type { KubeObject } from './meta.ts';
import { StatusError } from './status.ts';

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default' },
  spec: { nodeName: 'n1' },
  status: { phase: 'Running' },
};
const getters = {
  'spec.nodeName': (o: KubeObject) => (o.spec as { nodeName?: string }).nodeName,
  'status.phase': (o: KubeObject) => (o.status as { phase?: string }).phase,
  'spec.schedulerName': () => undefined,
};

function err(f: () => unknown): StatusError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError);
    return e as StatusError;
  }
  throw new Error('expected failure');
}

describe('parseFieldSelector', () => {
  it.each([
    ['', ''],
    ['metadata.name=web-1', 'metadata.name=web-1'],
    ['metadata.name==web-1', 'metadata.name=web-1'],
    ['status.phase!=Failed,spec.nodeName=n1', 'spec.nodeName=n1,status.phase!=Failed'],
    ['involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=u', 'involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=u'],
    ['a=x\\,y', 'a=x\\,y'],
    ['a=x\\=y\\\\', 'a=x\\=y\\\\'],
  ])('%j → %j', (s, out) => {
    expect(fieldSelectorToString(parseFieldSelector(s))).toBe(out);
  });

  it('unescapes values', () => {
    expect(parseFieldSelector('a=x\\,y').requirements).toEqual([{ field: 'a', operator: '=', value: 'x,y' }]);
  });

  it.each([
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('%j fails with %j', (s, msg) => {
    const e = err(() => parseFieldSelector(s));
    expect(e.code).toBe(400);
    expect(e.message).toBe(msg);
  });
});

describe('matchesFields', () => {
  it.each([
    ['', true],
    ['metadata.name=web-1', true],
    ['metadata.name=web-2', false],
    ['metadata.namespace=default,spec.nodeName=n1', true],
    ['spec.nodeName!=n1', false],
    ['status.phase!=Failed', true],
    ['spec.schedulerName=', true],
  ])('%j → %s', (s, want) => {
    expect(matchesFields(parseFieldSelector(s), pod, getters)).toBe(want);
  });

  it('unsupported field is a 400 with upstream text', () => {
    const e = err(() => matchesFields(parseFieldSelector('spec.foo=x'), pod, getters));
    expect(e.reason).toBe('BadRequest');
    expect(e.message).toBe('field label not supported: spec.foo');
    expect(() => checkFieldSelector(parseFieldSelector('spec.foo=x'), getters)).toThrow('field label not supported: spec.foo');
    expect(() => checkFieldSelector(parseFieldSelector('metadata.name=x'), {})).not.toThrow();
  });
});
