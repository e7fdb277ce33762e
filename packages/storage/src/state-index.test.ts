import { describe, expect, it } from 'vitest';
import { StateIndex } from './state-index.ts';
import type { Stored } from './store.ts';

function index(keys: string[]): StateIndex {
  const ix = new StateIndex();
  keys.forEach((k, i) => ix.set(k, { object: { apiVersion: 'v1', kind: 'X', metadata: { name: k } }, json: k, revision: i + 1 }));
  return ix;
}
const keysOf = (items: Stored[]): string[] => items.map((s) => s.json);

describe('StateIndex.list', () => {
  const keys = ['/core/pods/b/2', '/core/nodes/n2', '/core/pods/a/1', '/core/nodes/n10', '/core/pods/a-b/1', '/core/pods/a/0', '/apps/x/y', '/core/pods/b/1'];

  it.each([
    ['/core/pods/a/', ['/core/pods/a/0', '/core/pods/a/1']],
    ['/core/pods/', ['/core/pods/a-b/1', '/core/pods/a/0', '/core/pods/a/1', '/core/pods/b/1', '/core/pods/b/2']],
    ['/core/nodes/n1', ['/core/nodes/n10']],
    ['/core/pods/a', ['/core/pods/a-b/1', '/core/pods/a/0', '/core/pods/a/1']],
    ['/', [...keys].sort()],
    ['/nope/', []],
  ])('list(%s)', (prefix, want) => {
    expect(keysOf(index(keys).list(prefix))).toEqual(want);
  });

  it('keeps key order when one directory is a prefix of another', () => {
    const ix = index(['/g/x/ns/b', '/g/x/a', '/g/x/z', '/g/x/ns/a']);
    expect(keysOf(ix.list('/g/x/'))).toEqual(['/g/x/a', '/g/x/ns/a', '/g/x/ns/b', '/g/x/z']);
  });

  it('stays sorted across interleaved sets, deletes and lists', () => {
    const ix = new StateIndex();
    const live = new Set<string>();
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let step = 0; step < 3000; step++) {
      const key = `/core/pods/ns${rand(3)}/p${rand(200)}`;
      if (rand(3) === 0) {
        ix.delete(key);
        live.delete(key);
      } else {
        ix.set(key, { object: { apiVersion: 'v1', kind: 'Pod', metadata: {} }, json: key, revision: step });
        live.add(key);
      }
      if (step % 97 === 0) expect(keysOf(ix.list('/core/pods/'))).toEqual([...live].sort());
    }
    expect(keysOf(ix.list('/core/pods/ns1/'))).toEqual([...live].filter((k) => k.startsWith('/core/pods/ns1/')).sort());
    expect(ix.size).toBe(live.size);
  });
});
