/**
 * The one behavioural suite every Store implementation must pass (kine's per-backend test
 * matrix, in one file): run by memory/memory-store.test.ts and sqlite/sqlite-store.test.ts.
 */
import type { KubeObject } from '@skiff/api';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store, StoreErrorCode, WatchEvent } from './store.ts';

export type StoreFactory = () => Store | Promise<Store>;

export function pod(name: string, namespace = 'default', extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers: [{ name: 'c', image: 'x' }] }, ...extra };
}

export function node(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {} };
}

export async function codeOf(p: Promise<unknown>): Promise<StoreErrorCode | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return (err as { code: StoreErrorCode }).code;
  }
}

/** Collects events; `sorted` keeps only what's needed for comparisons. */
export function recorder(): { events: WatchEvent[]; brief: () => string[]; onEvent: (e: WatchEvent) => void } {
  const events: WatchEvent[] = [];
  return {
    events,
    brief: () => events.map((e) => `${e.type} ${e.key} ${e.revision}`),
    onEvent: (e) => void events.push(e),
  };
}

export function storeConformance(name: string, factory: StoreFactory): void {
  describe(`Store conformance: ${name}`, () => {
    const open: Store[] = [];
    const make = async (): Promise<Store> => {
      const s = await factory();
      open.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
    });

    it('creates, stamps resourceVersion on a frozen copy and never mutates the input', async () => {
      const s = await make();
      expect(s.revision).toBe(0);
      const input = pod('a');
      const out = await s.create('/core/pods/default/a', input);
      expect(input.metadata.resourceVersion).toBeUndefined();
      expect(Object.isFrozen(input)).toBe(false);
      expect(out.revision).toBe(1);
      expect(out.object.metadata.resourceVersion).toBe('1');
      expect(out.json).toBe(JSON.stringify(out.object));
      expect(Object.isFrozen(out.object)).toBe(true);
      expect(Object.isFrozen(out.object.metadata)).toBe(true);
      expect(Object.isFrozen((out.object.spec as { containers: object[] }).containers[0])).toBe(true);
      expect(s.get('/core/pods/default/a')).toBe(out);
      expect(s.revision).toBe(1);
    });

    it('lists in key order, by namespace or across namespaces, without prefix bleed', async () => {
      const s = await make();
      const keys = ['/core/pods/default2/a', '/core/pods/default/c', '/core/nodes/n2', '/core/pods/default/a', '/core/pods/kube-system/z', '/core/nodes/n1', '/apps/deployments/default/d', '/core/pods/default/b'];
      for (const k of keys) await s.create(k, k.includes('nodes') ? node(k.slice(12)) : pod(k.slice(k.lastIndexOf('/') + 1)));
      const keysOf = (p: string) => s.list(p).items.map((i) => `${i.object.metadata.namespace ?? ''}/${i.object.metadata.name}`);
      expect(keysOf('/core/pods/default/')).toEqual(['default/a', 'default/b', 'default/c']);
      expect(s.list('/core/pods/').items.map((i) => i.revision)).toEqual([4, 8, 2, 1, 5]);
      expect(keysOf('/core/nodes/')).toEqual(['/n1', '/n2']);
      expect(s.list('/core/').items).toHaveLength(7);
      expect(s.list('/').items).toHaveLength(8);
      expect(s.list('/core/pods/nope/').items).toEqual([]);
      expect(s.list('/core/pods/default/').revision).toBe(8);
      const all = s.list('/').items.map((i) => i.revision);
      expect(all).toEqual([7, 6, 3, 4, 8, 2, 1, 5]);
    });

    it('keeps list order under creates and deletes between lists', async () => {
      const s = await make();
      const names = Array.from({ length: 200 }, (_, i) => `p${String((i * 7919) % 200).padStart(3, '0')}`);
      for (const n of names.slice(0, 100)) await s.create(`/core/pods/ns/${n}`, pod(n, 'ns'));
      expect(s.list('/core/pods/ns/').items).toHaveLength(100);
      for (const n of names.slice(100)) await s.create(`/core/pods/ns/${n}`, pod(n, 'ns'));
      for (const n of names.slice(0, 50)) await s.delete(`/core/pods/ns/${n}`);
      await s.create(`/core/pods/ns/${names[0]!}`, pod(names[0]!, 'ns'));
      const got = s.list('/core/pods/ns/').items.map((i) => i.object.metadata.name);
      const want = [names[0]!, ...names.slice(50)].sort();
      expect(got).toEqual(want);
    });

    it('uses one strictly increasing revision across kinds', async () => {
      const s = await make();
      const a = await s.create('/core/pods/default/a', pod('a'));
      const n = await s.create('/core/nodes/n', node('n'));
      const b = await s.update('/core/pods/default/a', pod('a'), a.revision);
      const d = await s.delete('/core/nodes/n');
      expect([a.revision, n.revision, b.revision, d.revision]).toEqual([1, 2, 3, 4]);
      expect(s.revision).toBe(4);
    });

    it('fails with AlreadyExists, NotFound and Conflict', async () => {
      const s = await make();
      const a = await s.create('/core/pods/default/a', pod('a'));
      expect(await codeOf(s.create('/core/pods/default/a', pod('a')))).toBe('AlreadyExists');
      expect(await codeOf(s.update('/core/pods/default/x', pod('x')))).toBe('NotFound');
      expect(await codeOf(s.delete('/core/pods/default/x'))).toBe('NotFound');
      expect(await codeOf(s.update('/core/pods/default/a', pod('a'), a.revision + 5))).toBe('Conflict');
      expect(await codeOf(s.delete('/core/pods/default/a', a.revision + 5))).toBe('Conflict');
      expect(s.revision).toBe(1);
      expect(await codeOf(s.update('/core/pods/default/a', pod('a')))).toBe('ok');
    });

    it('deletes with a tombstone revision and allows re-creation', async () => {
      const s = await make();
      await s.create('/core/pods/default/a', pod('a'));
      const gone = await s.delete('/core/pods/default/a', 1);
      expect(gone.revision).toBe(2);
      expect(gone.object.metadata.resourceVersion).toBe('2');
      expect(gone.object.metadata.name).toBe('a');
      expect(s.get('/core/pods/default/a')).toBeUndefined();
      expect(s.list('/core/pods/').items).toEqual([]);
      expect((await s.create('/core/pods/default/a', pod('a'))).revision).toBe(3);
    });

    it('watches from 0, from a revision, live, by prefix, with prev on MODIFIED and DELETED', async () => {
      const s = await make();
      await s.create('/core/pods/default/a', pod('a'));
      await s.create('/core/pods/other/b', pod('b', 'other'));
      await s.update('/core/pods/default/a', pod('a', 'default', { status: { phase: 'Running' } }));
      const all = recorder();
      const fromTwo = recorder();
      const ns = recorder();
      s.watch('/core/pods/', 0, all.onEvent);
      s.watch('/core/pods/', 2, fromTwo.onEvent);
      s.watch('/core/pods/default/', 0, ns.onEvent);
      expect(all.brief()).toEqual(['ADDED /core/pods/default/a 1', 'ADDED /core/pods/other/b 2', 'MODIFIED /core/pods/default/a 3']);
      expect(fromTwo.brief()).toEqual(['MODIFIED /core/pods/default/a 3']);
      await s.delete('/core/pods/default/a');
      await s.create('/core/nodes/n', node('n'));
      await s.create('/core/pods/default2/c', pod('c', 'default2'));
      expect(all.brief().slice(3)).toEqual(['DELETED /core/pods/default/a 4', 'ADDED /core/pods/default2/c 6']);
      expect(ns.brief()).toEqual(['ADDED /core/pods/default/a 1', 'MODIFIED /core/pods/default/a 3', 'DELETED /core/pods/default/a 4']);
      const [added, modified, deleted] = ns.events;
      expect(added!.prev).toBeUndefined();
      expect(modified!.prev?.metadata.resourceVersion).toBe('1');
      expect(modified!.object.status).toEqual({ phase: 'Running' });
      expect(deleted!.prev?.metadata.resourceVersion).toBe('3');
      expect(deleted!.object.metadata.resourceVersion).toBe('4');
      expect(deleted!.json).toBe(JSON.stringify(deleted!.object));
    });

    it('shares one event object and json string between watchers', async () => {
      const s = await make();
      const a = recorder();
      const b = recorder();
      s.watch('/', 0, a.onEvent);
      s.watch('/core/', 0, b.onEvent);
      const stored = await s.create('/core/pods/default/a', pod('a'));
      expect(a.events[0]).toBe(b.events[0]);
      expect(a.events[0]!.json).toBe(stored.json);
      expect(a.events[0]!.object).toBe(stored.object);
    });

    it('delivers live events only after commit, with state already visible', async () => {
      const s = await make();
      const seen: string[] = [];
      s.watch('/', 0, (e) => {
        seen.push(`${e.revision}:${s.revision}:${s.get(e.key)?.revision ?? 'gone'}`);
      });
      const p = s.create('/core/pods/default/a', pod('a'));
      // Visible only once committed (at once with per-write commits, after the turn when batched).
      expect(s.get('/core/pods/default/a')?.revision ?? s.revision).toBe(s.revision);
      await p;
      await s.delete('/core/pods/default/a');
      expect(seen).toEqual(['1:1:1', '2:2:gone']);
    });

    it('waits for future events when fromRevision is ahead', async () => {
      const s = await make();
      const r = recorder();
      s.watch('/', 2, r.onEvent);
      for (const n of ['a', 'b', 'c']) await s.create(`/core/pods/default/${n}`, pod(n));
      expect(r.brief()).toEqual(['ADDED /core/pods/default/c 3']);
    });

    it('stops a watcher (idempotently) and drops a slow one with onClose("slow")', async () => {
      const s = await make();
      const r = recorder();
      const w = s.watch('/', 0, r.onEvent);
      const closes: string[] = [];
      let calls = 0;
      s.watch('/', 0, () => ++calls < 2, { onClose: (why) => closes.push(why) });
      await s.create('/core/pods/default/a', pod('a'));
      w.stop();
      w.stop();
      await s.create('/core/pods/default/b', pod('b'));
      await s.create('/core/pods/default/c', pod('c'));
      expect(r.events).toHaveLength(1);
      expect(calls).toBe(2);
      expect(closes).toEqual(['slow']);
    });

    it('expires watches older than the compacted revision', async () => {
      const s = await make();
      await s.create('/core/pods/default/a', pod('a'));
      for (let i = 0; i < 5; i++) await s.update('/core/pods/default/a', pod('a'));
      await s.create('/core/pods/default/b', pod('b'));
      await s.delete('/core/pods/default/b');
      await s.update('/core/pods/default/a', pod('a'));
      expect(await s.compact(6)).toBe(6);
      expect(s.compactedRevision).toBe(6);
      expect(() => s.watch('/', 5, () => {})).toThrow(expect.objectContaining({ code: 'Expired' }));
      const r = recorder();
      s.watch('/', 6, r.onEvent);
      expect(r.brief()).toEqual(['ADDED /core/pods/default/b 7', 'DELETED /core/pods/default/b 8', 'MODIFIED /core/pods/default/a 9']);
      expect(r.events[2]!.prev?.metadata.resourceVersion).toBe('6');
      expect(s.get('/core/pods/default/a')?.revision).toBe(9);
      expect(await s.compact(3)).toBe(6); // never goes back
    });

    it('batches writes of one turn: resolved in order, distinct increasing revisions', async () => {
      const s = await make();
      const order: number[] = [];
      const ps = Array.from({ length: 20 }, (_, i) => s.create(`/core/pods/default/p${i}`, pod(`p${i}`)).then((st) => (order.push(i), st.revision)));
      expect(await Promise.all(ps)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(s.list('/core/pods/default/').items).toHaveLength(20);
    });

    it('checks preconditions in a batch exactly as if sequential', async () => {
      const s = await make();
      const a = s.create('/core/pods/default/a', pod('a'));
      const dup = s.create('/core/pods/default/a', pod('a'));
      const upd = s.update('/core/pods/default/a', pod('a', 'default', { status: { phase: 'x' } }), 1);
      const stale = s.update('/core/pods/default/a', pod('a'), 1);
      const b = s.create('/core/pods/default/b', pod('b'));
      const del = s.delete('/core/pods/default/b', 3);
      const again = s.create('/core/pods/default/b', pod('b'));
      expect(await Promise.all([a, dup, upd, stale, b, del, again].map(codeOf))).toEqual(['ok', 'AlreadyExists', 'ok', 'Conflict', 'ok', 'ok', 'ok']);
      expect([(await a).revision, (await upd).revision, (await b).revision, (await del).revision, (await again).revision]).toEqual([1, 2, 3, 4, 5]);
      expect(s.get('/core/pods/default/a')?.object.status).toEqual({ phase: 'x' });
      expect(s.get('/core/pods/default/b')?.revision).toBe(5);
      expect(s.revision).toBe(5);
    });

    it('closes: watchers get onClose("closed"), later calls fail with Closed', async () => {
      const s = await make();
      const closes: string[] = [];
      s.watch('/', 0, () => {}, { onClose: (why) => closes.push(why) });
      const pending = s.create('/core/pods/default/a', pod('a'));
      await s.close();
      expect((await pending).revision).toBe(1); // queued writes are committed, not dropped
      expect(closes).toEqual(['closed']);
      expect(await codeOf(s.create('/core/pods/default/b', pod('b')))).toBe('Closed');
      expect(() => s.watch('/', 0, () => {})).toThrow(expect.objectContaining({ code: 'Closed' }));
    });
  });
}
