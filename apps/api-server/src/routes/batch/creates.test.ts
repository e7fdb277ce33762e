/** POST /apis/skiff.dev/v1/creates and @skiff/client's withBatchedCreates, against a real api-server. */
import { ApiError, RestClient, withBatchedCreates } from '@skiff/client';
import type { KubeObject } from '@skiff/api';
import { describe, expect, it } from 'vitest';
import { withTestServer } from '../../test/server.ts';
import { pod } from '../../test/http.ts';
import { BATCH_CREATES_PATH } from './creates.ts';

const t = withTestServer();

const PODS = { group: '', version: 'v1', plural: 'pods', namespaced: true, kind: 'Pod' };
const CONFIGMAPS = { group: '', version: 'v1', plural: 'configmaps', namespaced: true, kind: 'ConfigMap' };

describe('POST /apis/skiff.dev/v1/creates', () => {
  it('answers each item with the stored object or the single endpoint’s Status', async () => {
    const r = await t.api.post(BATCH_CREATES_PATH, {
      kind: 'CreateList',
      items: [
        { ...pod('c1'), metadata: { name: 'c1', namespace: 'default' } },
        { ...pod(''), metadata: { generateName: 'web-', namespace: 'default' } },
        { ...pod('c1'), metadata: { name: 'c1', namespace: 'default' } },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nons' }, spec: { containers: [] } },
        { apiVersion: 'v1', kind: 'Nonsense', metadata: { name: 'x', namespace: 'default' } },
      ],
    });
    expect(r.status, r.text).toBe(200);
    const [a, b, dup, nons, bad] = r.body.items;
    expect(a).toMatchObject({ kind: 'Pod', metadata: { name: 'c1', namespace: 'default', uid: expect.any(String), resourceVersion: expect.any(String) } });
    expect(b.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(dup).toMatchObject({ kind: 'Status', code: 409, reason: 'AlreadyExists', message: 'pods "c1" already exists' });
    expect(nons).toMatchObject({ kind: 'Status', code: 400, message: 'items[3]: metadata.namespace is required for pods' });
    expect(bad).toMatchObject({ kind: 'Status', code: 400, message: 'items[4]: no creatable kind Nonsense in v1' });
    expect((await t.api.get('/api/v1/namespaces/default/pods/c1')).body.metadata.uid).toBe(a.metadata.uid);
  });
});

describe('withBatchedCreates', () => {
  it('sends the creates of one turn in one request; each resolves with its stored object or rejects as the single POST would', async () => {
    const rest = new RestClient({ server: t.srv.url, token: t.srv.token });
    const posts: string[] = [];
    const counting = Object.assign(Object.create(rest) as RestClient, {
      requestJson: (path: string, req: object) => {
        posts.push(path);
        return rest.requestJson(path, req);
      },
      create: rest.create.bind(rest),
    });
    const client = withBatchedCreates(counting);
    await rest.create(CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'taken' } } as unknown as KubeObject, { namespace: 'default' });
    const results = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => client.create(CONFIGMAPS, { metadata: { name: `cm-${i}` }, data: { i: String(i) } } as unknown as KubeObject, { namespace: 'default' })),
      client.create(CONFIGMAPS, { metadata: { name: 'taken' } } as unknown as KubeObject, { namespace: 'default' }),
    ]);
    expect(posts).toEqual([BATCH_CREATES_PATH]);
    for (const [i, r] of results.slice(0, 20).entries()) {
      expect(r.status).toBe('fulfilled');
      expect((r as PromiseFulfilledResult<KubeObject>).value).toMatchObject({ kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default', uid: expect.any(String) }, data: { i: String(i) } });
    }
    const failed = results[20] as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(ApiError);
    const single = await rest.create(CONFIGMAPS, { metadata: { name: 'taken' } } as unknown as KubeObject, { namespace: 'default' }).catch((e: ApiError) => e);
    expect([failed.reason.code, failed.reason.reason, failed.reason.message]).toEqual([(single as ApiError).code, (single as ApiError).reason, (single as ApiError).message]);
    // Dry runs go the usual way.
    await client.create(CONFIGMAPS, { metadata: { name: 'dry' } } as unknown as KubeObject, { namespace: 'default', dryRun: true });
    expect(posts).toEqual([BATCH_CREATES_PATH]);
    await rest.close();
  });
});
