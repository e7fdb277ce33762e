import { expect, it } from 'vitest';
import { statusPatch } from './status-patch.ts';

it('diffs nested objects with nulls for removed keys; arrays replaced whole', () => {
  expect(statusPatch({ a: 1, u: { s: ['x'], f: ['y'] }, c: [1] }, { a: 1, u: {}, c: [1, 2] })).toEqual({ u: { s: null, f: null }, c: [1, 2] });
  expect(statusPatch({ a: 1 }, { a: 1 })).toBeUndefined();
  expect(statusPatch(undefined, { a: 1 })).toEqual({ a: 1 });
  expect(statusPatch({ a: 1, b: 2 }, { a: 1 })).toEqual({ b: null });
});
