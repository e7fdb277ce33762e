/** Watches over HTTP streaming and WebSocket: framing, selectors, resume across restarts, 410, bookmarks. */
import { startTestServer, type TestServer } from '@skiff/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, pod, type ApiClient } from './test/http.ts';
import { httpWatch, wsWatch } from './test/watch-reader.ts';

let srv: TestServer;
let api: ApiClient;
const PODS = '/api/v1/namespaces/default/pods';

beforeAll(async () => {
  srv = await startTestServer({ bookmarkIntervalMs: 200 });
  api = apiClient(srv.url, srv.token);
});
afterAll(async () => srv.close());

describe.each([
  ['http', httpWatch],
  ['websocket', wsWatch],
] as const)('watch over %s', (transport, open) => {
  it('sends current state as ADDED, then changes in order', async () => {
    const name = `w-${transport}`;
    await api.post(PODS, pod(`${name}-a`));
    const w = await open(srv.url, srv.token, `${PODS}?watch=true&fieldSelector=metadata.name%3D${name}-a`);
    expect(w.status === 200 || w.status === 101).toBe(true);
    const first = await w.next();
    expect(first?.type).toBe('ADDED');
    expect(first?.object.metadata.name).toBe(`${name}-a`);
    await api.patch(`${PODS}/${name}-a`, { metadata: { labels: { x: '1' } } }, 'application/merge-patch+json');
    const mod = await w.next();
    expect(mod?.type).toBe('MODIFIED');
    expect(mod?.object.metadata.labels.x).toBe('1');
    const del = await api.del(`${PODS}/${name}-a`);
    const d = await w.next();
    expect(d?.type).toBe('DELETED');
    expect(Number(d?.object.metadata.resourceVersion)).toBe(Number(del.body.metadata.resourceVersion));
    w.close();
  });
});

describe('watch semantics', () => {
  it('label-selector watches see objects entering and leaving the selection', async () => {
    await api.post(PODS, pod('sel', { metadata: { labels: { role: 'a' } } }));
    const list = await api.get(`${PODS}?labelSelector=role%3Db`);
    const w = await httpWatch(srv.url, srv.token, `${PODS}?watch=true&labelSelector=role%3Db&resourceVersion=${list.body.metadata.resourceVersion}`);
    await api.patch(`${PODS}/sel`, { metadata: { labels: { role: 'b' } } }, 'application/merge-patch+json');
    expect((await w.next())?.type).toBe('ADDED');
    await api.patch(`${PODS}/sel`, { metadata: { labels: { role: 'c' } } }, 'application/merge-patch+json');
    expect((await w.next())?.type).toBe('DELETED');
    w.close();
  });

  it('sends bookmarks when allowed', async () => {
    const list = await api.get(PODS);
    const w = await httpWatch(srv.url, srv.token, `${PODS}?watch=true&allowWatchBookmarks=true&resourceVersion=${list.body.metadata.resourceVersion}`);
    const b = await w.next(3000);
    expect(b?.type).toBe('BOOKMARK');
    expect(b?.object.kind).toBe('Pod');
    expect(Number(b?.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(list.body.metadata.resourceVersion));
    w.close();
  });

  it('ends the stream after timeoutSeconds', async () => {
    const w = await httpWatch(srv.url, srv.token, `${PODS}?watch=true&timeoutSeconds=1&resourceVersion=${(await api.get(PODS)).body.metadata.resourceVersion}`);
    expect(await w.next(3000)).toBeUndefined();
  });

  it('Table watches carry one-row tables with columns only first', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    await api.post(PODS, pod('tw'));
    const w = await httpWatch(srv.url, srv.token, `${PODS}?watch=true&fieldSelector=metadata.name%3Dtw`, { accept });
    const a = await w.next();
    expect(a?.object.kind).toBe('Table');
    expect(a?.object.columnDefinitions.length).toBeGreaterThan(0);
    expect(a?.object.rows).toHaveLength(1);
    await api.patch(`${PODS}/tw`, { metadata: { labels: { y: '1' } } }, 'application/merge-patch+json');
    const m = await w.next();
    expect(m?.object.kind).toBe('Table');
    expect(m?.object.columnDefinitions).toBeUndefined();
    w.close();
  });

  it('rejects unauthenticated watches on both transports', async () => {
    expect((await httpWatch(srv.url, 'wrong', `${PODS}?watch=true`)).status).toBe(401);
    expect((await wsWatch(srv.url, 'wrong', `${PODS}?watch=true`)).status).toBe(401);
  });
});

describe('resume and expiry', () => {
  it('resumes after a server restart with no missed or duplicated events', async () => {
    const s = await startTestServer();
    try {
      const a = apiClient(s.url, s.token);
      const base = await a.post(PODS, pod('r0'));
      const from = base.body.metadata.resourceVersion;
      for (let i = 1; i <= 5; i++) await a.post(PODS, pod(`r${i}`));
      await s.restart();
      for (let i = 6; i <= 8; i++) await a.post(PODS, pod(`r${i}`));
      const w = await httpWatch(s.url, s.token, `${PODS}?watch=true&resourceVersion=${from}`);
      const names: string[] = [];
      const rvs: number[] = [];
      for (let i = 0; i < 8; i++) {
        const e = await w.next();
        names.push(e!.object.metadata.name);
        rvs.push(Number(e!.object.metadata.resourceVersion));
      }
      expect(names).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8']);
      expect([...rvs].sort((x, y) => x - y)).toEqual(rvs);
      await a.post(PODS, pod('r9'));
      expect((await w.next())?.object.metadata.name).toBe('r9');
      w.close();
    } finally {
      await s.close();
    }
  });

  it('answers a compacted resourceVersion with an ERROR 410 Expired event', async () => {
    const s = await startTestServer();
    try {
      const a = apiClient(s.url, s.token);
      const first = await a.post(PODS, pod('c0'));
      for (let i = 0; i < 5; i++) await a.patch(`${PODS}/c0`, { metadata: { labels: { n: String(i) } } }, 'application/merge-patch+json');
      await s.compact();
      const w = await httpWatch(s.url, s.token, `${PODS}?watch=true&resourceVersion=${first.body.metadata.resourceVersion}`);
      const e = await w.next();
      expect(e?.type).toBe('ERROR');
      expect(e?.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
      expect(await w.next()).toBeUndefined();
    } finally {
      await s.close();
    }
  });
});
