import { describe, expect, it } from 'vitest';
import { StatusError } from '../status.ts';
import { applyMergePatch } from './merge-patch.ts';

describe('applyMergePatch (RFC 7386 appendix A)', () => {
  it.each<[unknown, unknown, unknown]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    [{ spec: { replicas: 1, paused: true } }, { spec: { replicas: 3 } }, { spec: { replicas: 3, paused: true } }],
  ])('%j + %j', (target, patch, want) => {
    expect(applyMergePatch(target, patch)).toEqual(want);
  });

  it('does not mutate inputs', () => {
    const t = { a: { b: 1 } };
    const p = { a: { c: 2 } };
    applyMergePatch(t, p);
    expect(t).toEqual({ a: { b: 1 } });
  });

  it('non-object patch is 400 Invalid JSON Patch', () => {
    for (const p of [[1], 'x', null]) {
      try {
        applyMergePatch({}, p);
        throw new Error('no throw');
      } catch (e) {
        expect(e).toBeInstanceOf(StatusError);
        expect((e as StatusError).code).toBe(400);
        expect((e as StatusError).message).toBe('Invalid JSON Patch');
      }
    }
  });
});
