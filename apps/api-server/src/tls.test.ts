/** HTTPS with the data directory's CA: what kubectl needs before it sends a bearer token. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '@skiff/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
let srv: TestServer;

beforeAll(async () => {
  srv = await startTestServer({ tls: true });
});
afterAll(async () => srv.close());

function get(path: string, opts: { ca?: string; token?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(srv.url + path);
    const req = request(
      { hostname: u.hostname, port: u.port, path: u.pathname, ca: opts.ca, headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {} },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('tls', () => {
  it('serves https with a certificate the written CA verifies', async () => {
    expect(srv.url.startsWith('https://127.0.0.1:')).toBe(true);
    const ok = await get('/api/v1/namespaces', { ca: srv.caPem!, token: srv.token });
    expect(ok.status).toBe(200);
    expect((await get('/api/v1/namespaces', { ca: srv.caPem! })).status).toBe(401);
    await expect(get('/api/v1/namespaces', { token: srv.token })).rejects.toThrow(/self-signed|certificate/i);
  });

  it.runIf(existsSync(KUBECTL))('real kubectl authenticates with the written kubeconfig', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
    const r = await promisify(execFile)(KUBECTL, ['--kubeconfig', srv.kubeconfigPath, '--cache-dir', cache, 'get', 'namespaces', '-o', 'name']);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['namespace/default', 'namespace/kube-node-lease', 'namespace/kube-public', 'namespace/kube-system']);
  });
});
