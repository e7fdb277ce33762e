/** RestClient and watch() against the real api-server (packages/testing). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@skiff/api';
import { startTestServer, type TestServer } from '@skiff/testing';
import * as errors from './errors.ts';
import { clientFromKubeconfig } from './kubeconfig.ts';
import { RestClient } from './rest-client.ts';
import type { WatchEvent } from './watch-event.ts';

const configmaps = { group: '', version: 'v1', plural: 'configmaps', namespaced: true, kind: 'ConfigMap' };
const cm = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: labels ? { name, labels } : { name },
  data,
});

let server: TestServer;
let client: RestClient;
beforeAll(async () => {
  server = await startTestServer();
  client = new RestClient({ server: server.url, token: server.token });
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

async function expectApiError(p: Promise<unknown>, check: (e: unknown) => boolean): Promise<errors.ApiError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(errors.ApiError);
  expect(check(e)).toBe(true);
  return e as errors.ApiError;
}

describe('RestClient against the api-server', () => {
  it('create, get, update with optimistic concurrency, patch, delete', async () => {
    const created = await client.create(configmaps, cm('crud', { a: '1' }), { namespace: 'default', fieldManager: 'test' });
    expect(created.metadata).toMatchObject({ name: 'crud', namespace: 'default' });
    const got = await client.get(configmaps, 'crud', { namespace: 'default' });
    expect(got.data).toEqual({ a: '1' });

    const updated = await client.update(configmaps, { ...got, data: { a: '2' } });
    expect(updated.metadata.resourceVersion).not.toBe(got.metadata.resourceVersion);
    const stale = await expectApiError(client.update(configmaps, { ...got, data: { a: '3' } }), errors.isConflict);
    expect(stale.code).toBe(409);

    const merged = await client.patch(configmaps, 'crud', 'merge', { data: { b: 'x' } }, { namespace: 'default' });
    expect(merged.data).toEqual({ a: '2', b: 'x' });
    const jsonPatched = await client.patch(configmaps, 'crud', 'json', [{ op: 'remove', path: '/data/a' }], { namespace: 'default' });
    expect(jsonPatched.data).toEqual({ b: 'x' });

    await client.delete(configmaps, 'crud', { namespace: 'default' });
    const nf = await expectApiError(client.get(configmaps, 'crud', { namespace: 'default' }), errors.isNotFound);
    expect(nf.message).toBe('configmaps "crud" not found');
  });

  it('maps AlreadyExists, Invalid and Unauthorized', async () => {
    await client.create(configmaps, cm('dup'), { namespace: 'default' });
    await expectApiError(client.create(configmaps, cm('dup'), { namespace: 'default' }), errors.isAlreadyExists);
    await expectApiError(client.create(configmaps, cm('Not_Valid'), { namespace: 'default' }), errors.isInvalid);
    const anon = new RestClient({ server: server.url, token: 'wrong' });
    await expectApiError(anon.list(configmaps, { namespace: 'default' }), errors.isUnauthorized);
  });

  it('reports an unreachable server as a code-0 ApiError, never a raw fetch error', async () => {
    const dead = new RestClient({ server: 'http://127.0.0.1:1', token: 't' });
    const e = await expectApiError(dead.get(configmaps, 'x', { namespace: 'default' }), errors.isNetworkError);
    expect(e.reason).toBe('ServiceUnavailable');
  });

  it('paginates lists with limit/continue; listAll follows continue', async () => {
    for (let i = 0; i < 7; i++) await client.create(configmaps, cm(`page-${i}`, {}, { set: 'paging' }), { namespace: 'default' });
    const first = await client.list(configmaps, { namespace: 'default', labelSelector: 'set=paging', limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.metadata.continue).toBeTruthy();
    const all = await client.listAll(configmaps, { namespace: 'default', labelSelector: 'set in (paging)', limit: 3 });
    expect(all.items.map((i) => i.metadata.name).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `page-${i}`));
    expect(all.metadata.resourceVersion).toBeTruthy();
  });

  it('loads the harness kubeconfig', async () => {
    const { client: c, namespace } = clientFromKubeconfig({ path: server.kubeconfigPath });
    expect(namespace).toBe('default');
    expect((await c.list(configmaps, { namespace: 'default' })).kind).toBe('ConfigMapList');
  });

  for (const transport of ['http', 'ws'] as const) {
    it(`watches over ${transport}: events after the list RV, bookmarks tolerated, abort ends cleanly`, async () => {
      const list = await client.list(configmaps, { namespace: 'default' });
      const w = client.watch(configmaps, {
        namespace: 'default',
        resourceVersion: list.metadata.resourceVersion,
        allowWatchBookmarks: true,
        labelSelector: `watch=${transport}`,
        transport,
      });
      const seen: WatchEvent[] = [];
      const consumed = (async () => {
        for await (const ev of w) {
          seen.push(ev);
          if (seen.filter((e) => e.type !== 'BOOKMARK').length === 3) w.abort();
        }
      })();
      await new Promise((r) => setTimeout(r, 100));
      const name = `w-${transport}`;
      await client.create(configmaps, cm(name, {}, { watch: transport }), { namespace: 'default' });
      await client.patch(configmaps, name, 'merge', { data: { k: 'v' } }, { namespace: 'default' });
      await client.delete(configmaps, name, { namespace: 'default' });
      await consumed;
      expect(seen.filter((e) => e.type !== 'BOOKMARK').map((e) => [e.type, (e.object as KubeObject).metadata.name])).toEqual([
        ['ADDED', name],
        ['MODIFIED', name],
        ['DELETED', name],
      ]);
    });

    it(`watch from a compacted resourceVersion over ${transport} reports 410`, async () => {
      for (let i = 0; i < 3; i++) await client.create(configmaps, cm(`old-${transport}-${i}`), { namespace: 'default' });
      await server.compact();
      const w = client.watch(configmaps, { namespace: 'default', resourceVersion: '1', transport });
      let expired = false;
      try {
        for await (const ev of w) {
          if (ev.type === 'ERROR' && ev.object.code === 410) expired = true;
          break;
        }
      } catch (e) {
        expired = errors.isExpired(e);
      }
      expect(expired).toBe(true);
    });
  }
});
