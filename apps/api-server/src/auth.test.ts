/** Nothing is reachable without a token, except health and version. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '@skiff/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from './test/http.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv.close());

describe('authentication', () => {
  it('answers 401 Status to anonymous and wrong-token requests', async () => {
    for (const token of [undefined, 'wrong-token']) {
      const api = apiClient(srv.url, token);
      for (const path of ['/api', '/apis', '/api/v1/namespaces/default/pods', '/openapi/v3', '/metrics', '/api/v1/nodes/x']) {
        const r = await api.get(path);
        expect(r.status, path).toBe(401);
        expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
      }
      expect((await api.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'x' } })).status).toBe(401);
    }
  });

  it('serves health and version anonymously, version minor >= 32', async () => {
    const api = apiClient(srv.url, undefined);
    for (const p of ['/healthz', '/livez', '/readyz']) expect((await api.get(p)).status).toBe(200);
    const v = await api.get('/version');
    expect(Number(v.body.minor)).toBeGreaterThanOrEqual(32);
  });

  it('writes the admin token (0600) and a kubeconfig into the data directory, and keeps them across restarts', async () => {
    const token = readFileSync(join(srv.dataDir, 'admin.token'), 'utf8').trim();
    expect(token).toBe(srv.token);
    const kc = readFileSync(srv.kubeconfigPath, 'utf8');
    expect(kc).toContain(srv.url);
    expect(kc).toContain(token);
    await srv.restart();
    expect(readFileSync(join(srv.dataDir, 'admin.token'), 'utf8').trim()).toBe(token);
    expect((await apiClient(srv.url, token).get('/api/v1/namespaces')).status).toBe(200);
  });

  it('listens on loopback by default', () => {
    expect(new URL(srv.url).hostname).toBe('127.0.0.1');
  });
});
