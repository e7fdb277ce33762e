/** CRUD for every served kind against the real server on a real SQLite file. */
import { registry } from '@skiff/api';
import { startTestServer, type TestServer } from '@skiff/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from './test/http.ts';
import { samples } from './test/samples.ts';

let srv: TestServer;
let api: ApiClient;

beforeAll(async () => {
  srv = await startTestServer();
  api = apiClient(srv.url, srv.token);
});
afterAll(async () => srv.close());

function collection(plural: string, group: string, version: string, namespaced: boolean): string {
  const root = group ? `/apis/${group}/${version}` : `/api/${version}`;
  return namespaced ? `${root}/namespaces/default/${plural}` : `${root}/${plural}`;
}

describe('every kind', () => {
  it('has a sample here', () => {
    const missing = registry.all().filter((t) => t.verbs.includes('get') && t.verbs.includes('create')).map((t) => (t.group ? `${t.plural}.${t.group}` : t.plural)).filter((k) => !samples[k]);
    expect(missing).toEqual([]);
  });

  for (const t of registry.all().filter((x) => x.verbs.includes('get') && x.verbs.includes('create'))) {
    const key = t.group ? `${t.plural}.${t.group}` : t.plural;
    it(`${key}: create, get, list, update, patch, delete`, async () => {
      const sample = samples[key];
      if (!sample) throw new Error(`no sample for ${key}`);
      const url = collection(t.plural, t.group, t.version, t.namespaced);
      const created = await api.post(url, sample);
      expect(created.status, created.text).toBe(201);
      expect(created.body.kind).toBe(t.kind);
      expect(created.body.apiVersion).toBe(t.group ? `${t.group}/${t.version}` : t.version);
      expect(created.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.body.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(Number(created.body.metadata.resourceVersion)).toBeGreaterThan(0);
      if (t.namespaced) expect(created.body.metadata.namespace).toBe('default');

      const got = await api.get(`${url}/sample`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(created.body);

      const listed = await api.get(url);
      expect(listed.status).toBe(200);
      expect(listed.body.kind).toBe(t.listKind);
      expect(listed.body.items.map((i: any) => i.metadata.name)).toContain('sample');

      const again = await api.post(url, sample);
      expect(again.status).toBe(409);
      expect(again.body.reason).toBe('AlreadyExists');

      const upd = structuredClone(got.body);
      upd.metadata.labels = { ...(upd.metadata.labels ?? {}), updated: 'yes' };
      const put = await api.put(`${url}/sample`, upd);
      expect(put.status, put.text).toBe(200);
      expect(put.body.metadata.labels.updated).toBe('yes');
      expect(Number(put.body.metadata.resourceVersion)).toBeGreaterThan(Number(got.body.metadata.resourceVersion));
      expect(put.body.metadata.generation).toBe(got.body.metadata.generation); // metadata-only change

      const stale = await api.put(`${url}/sample`, upd);
      expect(stale.status).toBe(409);
      expect(stale.body.reason).toBe('Conflict');

      const patched = await api.patch(`${url}/sample`, { metadata: { annotations: { a: 'b' } } }, 'application/merge-patch+json');
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body.metadata.annotations.a).toBe('b');

      const del = await api.del(`${url}/sample`);
      expect(del.status, del.text).toBe(200);
      expect(del.body.kind).toBeDefined();
      if (t.plural !== 'namespaces') {
        const gone = await api.get(`${url}/sample`);
        expect(gone.status).toBe(404);
        expect(gone.body.reason).toBe('NotFound');
      }
    });
  }
});
