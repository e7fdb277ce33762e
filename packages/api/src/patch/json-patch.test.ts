import { describe, expect, it } from 'vitest';
import { StatusError } from '../status.ts';
import { applyJsonPatch } from './json-patch.ts';

const doc = { metadata: { name: 'p', labels: { a: 'b' } }, spec: { replicas: 1, list: [1, 2] } };

describe('applyJsonPatch', () => {
  it.each<[string, unknown[], unknown]>([
    ['replace', [{ op: 'replace', path: '/spec/replicas', value: 3 }], { ...doc, spec: { replicas: 3, list: [1, 2] } }],
    ['add label with escaped key', [{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'x' }],
      { ...doc, metadata: { name: 'p', labels: { a: 'b', 'app.kubernetes.io/name': 'x' } } }],
    ['remove', [{ op: 'remove', path: '/metadata/labels/a' }], { ...doc, metadata: { name: 'p', labels: {} } }],
    ['append to list', [{ op: 'add', path: '/spec/list/-', value: 3 }], { ...doc, spec: { replicas: 1, list: [1, 2, 3] } }],
    ['test then replace', [{ op: 'test', path: '/spec/replicas', value: 1 }, { op: 'replace', path: '/spec/replicas', value: 2 }], { ...doc, spec: { replicas: 2, list: [1, 2] } }],
    ['move', [{ op: 'move', from: '/spec/list', path: '/spec/moved' }], { ...doc, spec: { replicas: 1, moved: [1, 2] } }],
    ['empty', [], doc],
  ])('%s', (_n, ops, want) => {
    expect(applyJsonPatch(doc, ops)).toEqual(want);
    expect(doc.spec.replicas).toBe(1);
  });

  function fail(ops: unknown): StatusError {
    try {
      applyJsonPatch(doc, ops);
    } catch (e) {
      expect(e).toBeInstanceOf(StatusError);
      return e as StatusError;
    }
    throw new Error('expected failure');
  }

  it.each<[string, unknown[], string]>([
    ['test failed', [{ op: 'test', path: '/spec/replicas', value: 5 }], 'testing value /spec/replicas failed: test failed'],
    ['remove missing', [{ op: 'remove', path: '/spec/nope' }], 'remove operation does not apply: doc is missing path: "/spec/nope": missing value'],
    ['replace missing', [{ op: 'replace', path: '/spec/nope', value: 1 }], 'replace operation does not apply: doc is missing key: /spec/nope: missing value'],
    ['add under missing parent', [{ op: 'add', path: '/status/phase', value: 'x' }], 'add operation does not apply: doc is missing path: "/status/phase": missing value'],
    ['unknown op', [{ op: 'frobnicate', path: '/a' }], 'Unexpected kind: frobnicate'],
  ])('%s → 422 Invalid', (_n, ops, cause) => {
    const e = fail(ops);
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.message).toBe('the server rejected our request due to an error in our request');
    expect(e.details?.causes).toEqual([{ reason: 'UnexpectedServerResponse', message: cause }]);
  });

  it('a non-array body is 400', () => {
    const e = fail({ op: 'add' });
    expect(e.code).toBe(400);
    expect(e.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  });
});
