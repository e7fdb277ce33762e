import { describe, expect, it } from 'vitest';
import { createMergePatch } from './merge-patch.ts';

describe('createMergePatch (RFC 7386)', () => {
  it.each([
    ['an unchanged object gives an empty patch', { a: 1, b: { c: [1] } }, { a: 1, b: { c: [1] } }, {}],
    ['a changed nested value', { m: { labels: { app: 'a', x: 'y' } } }, { m: { labels: { app: 'b', x: 'y' } } }, { m: { labels: { app: 'b' } } }],
    ['a removed key becomes null', { a: 1, b: 2 }, { a: 1 }, { b: null }],
    ['a changed list is replaced whole', { l: [{ n: 'a', i: 'x' }] }, { l: [{ n: 'a', i: 'y' }] }, { l: [{ n: 'a', i: 'y' }] }],
    ['a value that became an object is sent whole', { a: 'x' }, { a: { b: 1 } }, { a: { b: 1 } }],
    ['key order inside a list does not count as a change', { l: [{ a: 1, b: 2 }] }, { l: [{ b: 2, a: 1 }] }, {}],
  ])('%s', (_name, from, to, want) => {
    expect(createMergePatch(from, to)).toEqual(want);
  });
});
