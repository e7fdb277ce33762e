import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { codeOf, pod, storeConformance } from '../store.conformance.ts';
import type { CorruptRow } from './log.ts';
import { openDatabase } from './schema.ts';
import { openSqliteStore } from './sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'skiff-storage-'));
let n = 0;
const freshPath = (): string => join(dir, `t${n++}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeConformance('sqlite', () => openSqliteStore(freshPath()));
storeConformance('sqlite, FULL, one commit per write', () => openSqliteStore(freshPath(), { synchronous: 'FULL', groupCommit: false }));
storeConformance('sqlite, checkpoints on a worker', () => openSqliteStore(freshPath(), { checkpoint: 'worker', checkpointIntervalMs: 5 }));
storeConformance('sqlite, tiny watch cache', () => openSqliteStore(freshPath(), { watchCacheSize: 1 }));

describe('sqlite store', () => {
  it('keeps everything across reopen and continues revisions', async () => {
    const path = freshPath();
    const s = openSqliteStore(path);
    const a = await s.create('/core/pods/default/a', pod('a'));
    await s.create('/core/pods/default/b', pod('b'));
    await s.update('/core/pods/default/a', pod('a', 'default', { status: { phase: 'Running' } }), a.revision);
    await s.delete('/core/pods/default/b');
    await s.close();
    const t = openSqliteStore(path);
    expect(t.revision).toBe(4);
    const got = t.get('/core/pods/default/a')!;
    expect(got.revision).toBe(3);
    expect(got.object.status).toEqual({ phase: 'Running' });
    expect(Object.isFrozen(got.object.metadata)).toBe(true);
    expect(t.list('/').items.map((i) => i.object.metadata.name)).toEqual(['a']);
    expect((await t.create('/core/pods/default/b', pod('b'))).revision).toBe(5);
    await t.close();
  });

  it('replays a watch across reopen from the log with no gaps or duplicates', async () => {
    const path = freshPath();
    const s = openSqliteStore(path, { watchCacheSize: 7 });
    for (let i = 0; i < 30; i++) await s.create(`/core/pods/ns${i % 3}/p${i}`, pod(`p${i}`, `ns${i % 3}`));
    for (let i = 0; i < 30; i += 2) await s.update(`/core/pods/ns${i % 3}/p${i}`, pod(`p${i}`, `ns${i % 3}`));
    await s.close();
    const t = openSqliteStore(path, { watchCacheSize: 7 });
    for (let i = 0; i < 20; i++) await t.delete(`/core/pods/ns${i % 3}/p${i}`);
    const revs: number[] = [];
    t.watch('/core/pods/', 10, (e) => void revs.push(e.revision));
    await t.create('/core/pods/ns0/late', pod('late', 'ns0'));
    expect(revs).toEqual(Array.from({ length: 66 - 10 }, (_, i) => i + 11));
    const ns1: string[] = [];
    t.watch('/core/pods/ns1/', 40, (e) => void ns1.push(`${e.type}${e.revision}${e.prev ? '+prev' : ''}`));
    expect(ns1[0]).toBe('MODIFIED42+prev');
    expect(ns1.filter((x) => x.startsWith('DELETED'))).toHaveLength(7);
    expect(ns1.every((x) => x.endsWith('+prev'))).toBe(true);
    await t.close();
  });

  it('compacts the log on disk and keeps the compacted revision across reopen', async () => {
    const path = freshPath();
    const s = openSqliteStore(path, { keepRevisions: 2 });
    await s.create('/core/pods/default/a', pod('a'));
    for (let i = 0; i < 10; i++) await s.update('/core/pods/default/a', pod('a'));
    await s.create('/core/pods/default/b', pod('b'));
    await s.delete('/core/pods/default/b');
    expect(await s.compact()).toBe(11);
    await s.close();
    const db = new Database(path);
    expect(db.prepare('SELECT id FROM log ORDER BY id').pluck().all()).toEqual([11, 12, 13]);
    db.close();
    const t = openSqliteStore(path);
    expect(t.compactedRevision).toBe(11);
    expect(() => t.watch('/', 10, () => {})).toThrow(expect.objectContaining({ code: 'Expired' }));
    await t.compact(13); // removes the newest rows (b's create and tombstone)
    await t.close();
    const u = openSqliteStore(path);
    expect(u.revision).toBe(13); // the revision never goes back, even with the newest rows gone
    expect(u.list('/').items.map((i) => i.revision)).toEqual([11]);
    expect((await u.create('/core/pods/default/c', pod('c'))).revision).toBe(14);
    await u.close();
  });

  it('compacts on a timer when asked to, keeping the last keepRevisions revisions', async () => {
    const s = openSqliteStore(freshPath(), { keepRevisions: 3, autoCompactIntervalMs: 5 });
    await s.create('/core/pods/default/a', pod('a'));
    for (let i = 0; i < 9; i++) await s.update('/core/pods/default/a', pod('a'));
    await new Promise((r) => setTimeout(r, 40));
    expect(s.compactedRevision).toBe(7);
    await s.close();
  });

  it('sets synchronous explicitly, also on a file already in WAL mode', () => {
    const path = freshPath();
    for (const [mode, code] of [['FULL', 2], ['NORMAL', 1], ['FULL', 2], ['NORMAL', 1]] as const) {
      const db = openDatabase(path, { synchronous: mode });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(code);
      db.close();
    }
  });

  it('rejects a whole batch when its commit fails and hands the revisions back', async () => {
    const path = freshPath();
    const s = openSqliteStore(path, { busyTimeoutMs: 20 });
    await s.create('/core/pods/default/a', pod('a'));
    const events: number[] = [];
    s.watch('/', 0, (e) => void events.push(e.revision));
    const locker = new Database(path);
    locker.prepare('BEGIN IMMEDIATE').run(); // another writer holds the lock: the commit fails
    const batch = [s.create('/core/pods/default/b', pod('b')), s.update('/core/pods/default/a', pod('a'), 1)];
    const codes = await Promise.all(batch.map((p) => p.then(() => 'ok', (e: Error) => e.message)));
    expect(codes.every((c) => c.includes('locked') || c.includes('busy'))).toBe(true);
    expect(s.revision).toBe(1);
    expect(s.get('/core/pods/default/b')).toBeUndefined();
    locker.prepare('ROLLBACK').run();
    locker.close();
    expect((await s.update('/core/pods/default/a', pod('a'), 1)).revision).toBe(2);
    expect(events).toEqual([1, 2]);
    await s.close();
  });

  it('reports a corrupt row instead of failing to open, and can overwrite it', async () => {
    const path = freshPath();
    const s = openSqliteStore(path);
    await s.create('/core/pods/default/a', pod('a'));
    await s.create('/core/pods/default/b', pod('b'));
    await s.close();
    const db = new Database(path);
    db.prepare("UPDATE log SET value = '{garbage' WHERE id = 2").run();
    db.close();
    const seen: CorruptRow[] = [];
    const t = openSqliteStore(path, { onCorruptRow: (c) => seen.push(c) });
    expect(seen).toEqual([{ revision: 2, key: '/core/pods/default/b', error: expect.stringContaining('JSON') }]);
    expect(t.corruptRows).toHaveLength(1);
    expect(t.get('/core/pods/default/a')?.revision).toBe(1);
    expect(t.get('/core/pods/default/b')).toBeUndefined();
    expect(await codeOf(t.create('/core/pods/default/b', pod('b')))).toBe('ok');
    await t.close();
    const u = openSqliteStore(path, { onCorruptRow: () => {} });
    expect(u.get('/core/pods/default/b')?.revision).toBe(3);
    expect(u.corruptRows).toHaveLength(0);
    await u.close();
  });
});

describe('listAt (past snapshots from the log)', () => {
  it('rebuilds exactly what a prefix held at a revision, and refuses compacted ones', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'skiff-listat-')), 'db'));
    const obj = (name: string, v: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'a' }, data: { v } });
    await store.create('/core/configmaps/a/x', obj('x', '1'));
    const y = await store.create('/core/configmaps/a/y', obj('y', '1'));
    await store.create('/core/configmaps/b/z', obj('z', '1'));
    const at = store.revision;
    await store.update('/core/configmaps/a/x', obj('x', '2'));
    await store.delete('/core/configmaps/a/y', y.revision);
    await store.create('/core/configmaps/a/w', obj('w', '1'));
    const snap = store.listAt!('/core/configmaps/a/', at)!;
    expect(snap.revision).toBe(at);
    expect(snap.items.map((s) => [s.object.metadata.name, (s.object['data'] as { v: string }).v])).toEqual([['x', '1'], ['y', '1']]);
    await store.compact(store.revision);
    expect(store.listAt!('/core/configmaps/a/', at)).toBeUndefined();
    await store.close();
  });
});
