/** Informer + SharedInformerFactory against the real api-server, including a real 410 re-list. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KubeObject } from '@skiff/api';
import { startTestServer, type TestServer } from '@skiff/testing';
import { SharedInformerFactory } from './informer-factory.ts';
import type { ListWatchSource } from './list-watch.ts';
import { RestClient } from './rest-client.ts';
import type { WatchOptions } from './watch.ts';

const configmaps = { group: '', version: 'v1', plural: 'configmaps', namespaced: true, kind: 'ConfigMap' };
const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'informer' }, data: {} });

let server: TestServer;
let client: RestClient;
beforeAll(async () => {
  server = await startTestServer();
  client = new RestClient({ server: server.url, token: server.token });
  await client.create({ group: '', version: 'v1', plural: 'namespaces', namespaced: false }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'informer' } });
});
afterAll(async () => {
  await server?.close();
});

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

it('syncs, delivers handlers, and after a 410 re-lists and delivers exactly what changed', async () => {
  await client.create(configmaps, cm('a'));
  await client.create(configmaps, cm('b'));

  // A source whose watches can be held back, to open a window in which history is compacted.
  let gate: Promise<void> = Promise.resolve();
  let watchCalls = 0;
  let lists = 0;
  const source: ListWatchSource = {
    listAll: (ref, o) => (lists++, client.listAll(ref, o)),
    watch: <T extends KubeObject>(ref: typeof configmaps, o: WatchOptions) => {
      watchCalls++;
      const held = gate;
      return (async function* () {
        await held;
        yield* client.watch<T>(ref, o);
      })();
    },
  };
  const factory = new SharedInformerFactory(source, { watchTimeoutSeconds: () => 1, pageSize: 1 });
  const inf = factory.informerFor(configmaps, { namespace: 'informer' });
  expect(factory.informerFor(configmaps, { namespace: 'informer' })).toBe(inf); // shared
  const log: string[] = [];
  inf.addEventHandler({
    onAdd: (o) => log.push(`add ${o.metadata.name}`),
    onUpdate: (_a, b) => log.push(`update ${b.metadata.name}`),
    onDelete: (o) => log.push(`delete ${o.metadata.name}`),
  });
  factory.start();
  expect(await factory.waitForSync()).toBe(true);
  expect(log.sort()).toEqual(['add a', 'add b']);

  await client.create(configmaps, cm('c'));
  await until(() => log.includes('add c'));

  // Hold the next watch, let the current one time out (timeoutSeconds=1), change things, compact.
  let open!: () => void;
  gate = new Promise<void>((r) => (open = r));
  const callsBefore = watchCalls;
  await until(() => watchCalls > callsBefore, 4000);
  log.length = 0;
  const b = await client.get(configmaps, 'b', { namespace: 'informer' });
  await client.update(configmaps, { ...b, data: { changed: 'yes' } });
  await client.delete(configmaps, 'a', { namespace: 'informer' });
  await client.create(configmaps, cm('d'));
  await server.compact();
  const listsBefore = lists;
  open();

  await until(() => lists > listsBefore && log.length >= 3);
  await new Promise((r) => setTimeout(r, 100));
  expect(log.sort()).toEqual(['add d', 'delete a', 'update b']);
  expect(inf.lister.list('informer').map((o) => o.metadata.name).sort()).toEqual(['b', 'c', 'd']);
  expect(inf.lister.get('informer', 'b')?.data).toEqual({ changed: 'yes' });

  // Still live after the re-list.
  await client.create(configmaps, cm('e'));
  await until(() => log.includes('add e'));
  await factory.stop();
}, 20_000);

it('informers over the WebSocket transport see the same events', async () => {
  const factory = new SharedInformerFactory(client, { transport: 'ws' });
  const inf = factory.informerFor(configmaps, { namespace: 'informer', labelSelector: 'ws=yes' });
  const added: string[] = [];
  inf.onAdd((o) => added.push(o.metadata.name!));
  factory.start();
  await factory.waitForSync();
  await client.create(configmaps, { ...cm('ws-1'), metadata: { name: 'ws-1', namespace: 'informer', labels: { ws: 'yes' } } });
  await until(() => added.includes('ws-1'));
  await factory.stop();
});
