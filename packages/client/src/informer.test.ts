import { describe, expect, it } from 'vitest';
import type { KubeList, KubeObject } from '@skiff/api';
import { ApiError, failureStatus } from './errors.ts';
import { Informer } from './informer.ts';
import type { ListWatchSource } from './list-watch.ts';
import type { WatchEvent } from './watch-event.ts';

const pods = { group: '', version: 'v1', plural: 'pods', namespaced: true, kind: 'Pod' };

function pod(name: string, rv: string, extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', resourceVersion: rv, uid: `uid-${name}` }, ...extra };
}

type Session = WatchEvent[] | Error;

/** A scripted server: lists and watch sessions are consumed in order; an exhausted script blocks until aborted. */
function scriptedSource(lists: KubeObject[][], sessions: Session[]) {
  const calls: string[] = [];
  const source: ListWatchSource = {
    async listAll<T extends KubeObject>(): Promise<KubeList<T>> {
      const items = lists.shift();
      calls.push('list');
      if (!items) throw new ApiError(failureStatus(0, 'ServiceUnavailable', 'no more lists'));
      const rv = String(Math.max(0, ...items.map((i) => Number(i.metadata.resourceVersion))));
      return { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: rv }, items: items as T[] };
    },
    watch<T extends KubeObject>(_ref: unknown, o: { resourceVersion?: string | undefined; signal?: AbortSignal | undefined }) {
      calls.push(`watch@${o.resourceVersion}`);
      const s = sessions.shift();
      return (async function* () {
        if (s instanceof Error) throw s;
        if (!s) {
          await new Promise<void>((r) => o.signal?.addEventListener('abort', () => r(), { once: true }));
          return;
        }
        for (const ev of s) yield ev as WatchEvent<T>;
      })();
    },
  };
  return { source, calls };
}

function record(inf: Informer) {
  const log: string[] = [];
  inf.addEventHandler({
    onAdd: (o) => log.push(`add ${o.metadata.name}@${o.metadata.resourceVersion}`),
    onUpdate: (a, b) => log.push(`update ${b.metadata.name}@${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
    onDelete: (o) => log.push(`delete ${o.metadata.name}`),
  });
  return log;
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(cond()).toBe(true);
};
const noDelay = async () => {};

describe('Informer', () => {
  it('lists, syncs, applies events, tracks bookmarks, re-watches from the last RV after a normal close', async () => {
    const { source, calls } = scriptedSource(
      [[pod('a', '1'), pod('b', '2')]],
      [
        [
          { type: 'MODIFIED', object: pod('a', '3') },
          { type: 'BOOKMARK', object: { apiVersion: 'v1', kind: 'Pod', metadata: { resourceVersion: '7' } } },
        ],
        [{ type: 'DELETED', object: pod('b', '8') }, { type: 'ADDED', object: pod('c', '9') }],
      ],
    );
    const inf = new Informer(source, pods, { delay: noDelay });
    const log = record(inf);
    inf.start();
    expect(await inf.waitForSync()).toBe(true);
    await until(() => log.length === 5);
    expect(log).toEqual(['add a@1', 'add b@2', 'update a@1->3', 'delete b', 'add c@9']);
    expect(calls.slice(0, 3)).toEqual(['list', 'watch@2', 'watch@7']);
    expect(inf.lister.list().map((p) => p.metadata.name).sort()).toEqual(['a', 'c']);
    expect(inf.lister.get('default', 'a')?.metadata.resourceVersion).toBe('3');
    expect(Object.isFrozen(inf.lister.get('default', 'a')?.metadata)).toBe(true);
    await inf.stop();
  });

  it('re-lists on an ERROR 410 and on HTTP 410, and emits only the diff', async () => {
    const expired = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 410, reason: 'Expired' } as const;
    const { source, calls } = scriptedSource(
      [
        [pod('a', '1'), pod('b', '2'), pod('c', '3')],
        [pod('a', '1'), pod('b', '5'), pod('d', '6')], // while away: b changed, c deleted, d created
        [pod('a', '1'), pod('b', '5'), pod('d', '6')], // unchanged: no events at all
      ],
      [[{ type: 'ERROR', object: expired }], new ApiError(failureStatus(410, 'Expired', 'too old'))],
    );
    const errors: unknown[] = [];
    const inf = new Informer(source, pods, { delay: noDelay, onError: (e) => errors.push(e) });
    const log = record(inf);
    inf.start();
    await until(() => calls.filter((c) => c === 'list').length === 3 && calls.length >= 6);
    expect(log).toEqual(['add a@1', 'add b@2', 'add c@3', 'update b@2->5', 'add d@6', 'delete c']);
    expect(calls.slice(0, 6)).toEqual(['list', 'watch@3', 'list', 'watch@6', 'list', 'watch@6']);
    expect(errors).toEqual([]); // 410 is routine, not an error
    await inf.stop();
  });

  it('backs off 1 s → 30 s on failures through the injected delay, and resets after success', async () => {
    const fail = () => new ApiError(failureStatus(0, 'ServiceUnavailable', 'refused'));
    const sessions: Session[] = Array.from({ length: 7 }, fail);
    const { source } = scriptedSource([[pod('a', '1')]], sessions);
    const delays: number[] = [];
    const inf = new Informer(source, pods, { delay: async (ms) => void delays.push(ms) });
    inf.start();
    await until(() => delays.length === 7);
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    await inf.stop();
  });

  it('replays the cache to a late handler, supports custom indexes and survives a throwing handler', async () => {
    const owned = pod('x', '4', { spec: { nodeName: 'n1' } });
    owned.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid', controller: true }];
    const { source } = scriptedSource([[pod('a', '1'), owned]], []);
    const handlerErrors: unknown[] = [];
    const inf = new Informer(source, pods, { delay: noDelay, onHandlerError: (e) => handlerErrors.push(e) });
    inf.onAdd(() => {
      throw new Error('boom');
    });
    inf.start();
    await inf.waitForSync();
    const late: string[] = [];
    inf.onAdd((o) => late.push(o.metadata.name!));
    expect(late.sort()).toEqual(['a', 'x']);
    expect(handlerErrors).toHaveLength(2);
    expect(inf.lister.byNodeName('n1').map((p) => p.metadata.name)).toEqual(['x']);
    expect(inf.lister.byOwnerUid('rs-uid').map((p) => p.metadata.name)).toEqual(['x']);
    inf.addIndexer('byName', (o) => [o.metadata.name!]);
    expect(inf.lister.byIndex('byName', 'a')).toHaveLength(1);
    expect(inf.lister.list('default', { matchLabels: {} })).toHaveLength(2);
    expect(inf.lister.list('other')).toHaveLength(0);
    expect(() => {
      (inf.lister.get('default', 'a')!.metadata as { name: string }).name = 'mutated';
    }).toThrow();
    await inf.stop();
  });

  it('resyncs by re-delivering updates for every cached object', async () => {
    const { source } = scriptedSource([[pod('a', '1')]], []);
    const inf = new Informer(source, pods, { delay: noDelay, resyncPeriodMs: 20 });
    const log = record(inf);
    inf.start();
    await until(() => log.filter((l) => l === 'update a@1->1').length >= 2);
    await inf.stop();
  });

  it('waitForSync resolves false when stopped before syncing', async () => {
    const { source } = scriptedSource([], []);
    const inf = new Informer(source, pods, { delay: (_ms, signal) => new Promise((r) => signal?.addEventListener('abort', () => r())) });
    inf.start();
    const waiting = inf.waitForSync();
    await inf.stop();
    expect(await waiting).toBe(false);
  });
});
