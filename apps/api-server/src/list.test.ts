/** Selectors, pagination and resourceVersion semantics of LIST, and Table output. */
import { startTestServer, type TestServer } from '@skiff/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, pod, type ApiClient } from './test/http.ts';

let srv: TestServer;
let api: ApiClient;
const PODS = '/api/v1/namespaces/default/pods';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

beforeAll(async () => {
  srv = await startTestServer();
  api = apiClient(srv.url, srv.token);
  await api.post('/api/v1/namespaces', { metadata: { name: 'other' } });
  for (let i = 0; i < 25; i++) {
    const tier = i % 2 === 0 ? 'web' : 'db';
    await api.post(PODS, pod(`p${String(i).padStart(2, '0')}`, { metadata: { labels: { app: 'demo', tier } } }));
  }
  await api.post('/api/v1/namespaces/other/pods', pod('elsewhere', { metadata: { labels: { app: 'demo', tier: 'web' } } }));
});
afterAll(async () => srv.close());

describe('selectors', () => {
  it('label selectors as kubectl encodes them', async () => {
    const r = await api.get('/api/v1/pods?labelSelector=app+in+%28demo%29%2Ctier%21%3Ddb&limit=500');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(14); // 13 web in default + 1 in other
    const bad = await api.get(`${PODS}?labelSelector=${encodeURIComponent('app in (')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toBe('BadRequest');
  });

  it('field selectors, including unsupported fields', async () => {
    const r = await api.get(`${PODS}?fieldSelector=metadata.name%3Dp03`);
    expect(r.body.items.map((i: any) => i.metadata.name)).toEqual(['p03']);
    const phase = await api.get(`${PODS}?fieldSelector=status.phase%3DPending`);
    expect(phase.body.items).toHaveLength(25);
    const bad = await api.get(`${PODS}?fieldSelector=spec.bogus%3Dx`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('field label not supported');
  });
});

describe('pagination', () => {
  it('limit/continue walks a consistent snapshot', async () => {
    const first = await api.get(`${PODS}?limit=10`);
    expect(first.body.items).toHaveLength(10);
    expect(first.body.metadata.continue).toBeTruthy();
    expect(first.body.metadata.remainingItemCount).toBe(15);
    const rv = first.body.metadata.resourceVersion;
    await api.post(PODS, pod('p99-late')); // must not appear in this walk
    const names: string[] = first.body.items.map((i: any) => i.metadata.name);
    let cont = first.body.metadata.continue;
    while (cont) {
      const page = await api.get(`${PODS}?limit=10&continue=${encodeURIComponent(cont)}`);
      expect(page.body.metadata.resourceVersion).toBe(rv);
      names.push(...page.body.items.map((i: any) => i.metadata.name));
      cont = page.body.metadata.continue;
    }
    expect(names).toHaveLength(25);
    expect(new Set(names).size).toBe(25);
    expect(names).not.toContain('p99-late');
    await api.del(`${PODS}/p99-late`);
  });

  it('a malformed or unknown continue token is 400 / 410', async () => {
    expect((await api.get(`${PODS}?limit=1&continue=garbage`)).status).toBe(400);
    const unknown = Buffer.from(JSON.stringify({ v: 1, id: 'nope', rv: 1, o: 1 })).toString('base64url');
    const r = await api.get(`${PODS}?limit=1&continue=${unknown}`);
    expect(r.status).toBe(410);
    expect(r.body.reason).toBe('Expired');
  });
});

describe('large lists', () => {
  it('streams lists beyond the small-list size as one valid JSON document', async () => {
    const url = '/api/v1/namespaces/other/configmaps';
    for (let i = 0; i < 260; i++) await api.post(url, { metadata: { name: `cm-${String(i).padStart(3, '0')}` }, data: { i: String(i), text: 'é✓'.repeat(50) } });
    const r = await api.get(url);
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe('ConfigMapList');
    expect(r.body.items).toHaveLength(260);
    expect(r.body.items[259].data.i).toBe('259');
    expect(r.body.items[0].data.text).toBe('é✓'.repeat(50));
  });
});

describe('resourceVersion on list', () => {
  it('0 and NotOlderThan serve current state; a future version is a timeout; match without version is 400', async () => {
    const cur = await api.get(PODS);
    const rv = Number(cur.body.metadata.resourceVersion);
    expect((await api.get(`${PODS}?resourceVersion=0`)).status).toBe(200);
    expect((await api.get(`${PODS}?resourceVersion=${rv}&resourceVersionMatch=NotOlderThan`)).status).toBe(200);
    expect((await api.get(`${PODS}?resourceVersion=${rv + 1000}`)).status).toBe(504);
    expect((await api.get(`${PODS}?resourceVersionMatch=Exact`)).status).toBe(400);
  });

  it('Exact serves the snapshot at that revision, from history', async () => {
    const before = await api.get(PODS);
    const rv = before.body.metadata.resourceVersion;
    await api.post(PODS, pod('exact-later'));
    await api.patch(`${PODS}/p00`, { metadata: { labels: { changed: 'yes' } } }, 'application/merge-patch+json');
    const past = await api.get(`${PODS}?resourceVersion=${rv}&resourceVersionMatch=Exact`);
    expect(past.status, past.text).toBe(200);
    expect(past.body.metadata.resourceVersion).toBe(rv);
    expect(past.body.items.map((i: any) => i.metadata.name)).toEqual(before.body.items.map((i: any) => i.metadata.name));
    expect(past.body.items.find((i: any) => i.metadata.name === 'p00').metadata.labels.changed).toBeUndefined();
    await api.del(`${PODS}/exact-later`);
  });
});

describe('tables', () => {
  it('answers the Table Accept with upstream pod columns and metadata rows', async () => {
    const r = await api.get(`${PODS}?limit=500`, { accept: TABLE });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('as=Table');
    expect(r.body.kind).toBe('Table');
    const cols = r.body.columnDefinitions.map((c: any) => [c.name, c.priority]);
    expect(cols.slice(0, 5)).toEqual([['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0]]);
    expect(cols).toContainEqual(['IP', 1]);
    expect(cols).toContainEqual(['Node', 1]);
    expect(r.body.rows[0].cells[0]).toBe('p00');
    expect(r.body.rows[0].cells[1]).toBe('0/1');
    expect(r.body.rows[0].cells[2]).toBe('Pending');
    expect(r.body.rows[0].object.kind).toBe('PartialObjectMetadata');
    expect(r.body.rows[0].object.metadata.namespace).toBe('default');
  });

  it('a single GET with the Table Accept is a one-row Table', async () => {
    const r = await api.get(`${PODS}/p01`, { accept: TABLE });
    expect(r.body.kind).toBe('Table');
    expect(r.body.rows).toHaveLength(1);
  });
});
