/** kube-public/cluster-info: the one object readable without a token, carrying the CA whose hash a join pins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestClient } from '@skiff/client';
import { startTestServer, type TestServer } from '@skiff/testing';
import { parse } from 'yaml';
import { caCertHash } from './bootstrap-format.ts';
import { CLUSTER_INFO_PATH } from './bootstrap-cluster-info.ts';

let srv: TestServer;
let anonymous: RestClient;
beforeAll(async () => {
  srv = await startTestServer({ tls: true });
  anonymous = new RestClient({ server: srv.url, ca: srv.caPem });
});
afterAll(async () => srv.close());

const status = (p: Promise<unknown>) => p.then(() => 200, (e: { code?: number }) => e.code);

describe('cluster-info', () => {
  it('serves the server URL and the CA without a token', async () => {
    const cm = await anonymous.requestJson<{ data: { kubeconfig: string } }>(CLUSTER_INFO_PATH);
    const kc = parse(cm.data.kubeconfig);
    expect(kc.clusters[0].cluster.server).toBe(srv.url);
    const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
    expect(ca).toBe(srv.caPem);
    expect(kc.users).toEqual([]);
    expect(caCertHash(ca)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('is read-only and unwatchable for anonymous callers; its neighbours need a token', async () => {
    expect(await status(anonymous.requestJson(CLUSTER_INFO_PATH, { method: 'PUT', body: { metadata: { name: 'cluster-info' } } }))).toBe(401);
    expect(await status(anonymous.requestJson(CLUSTER_INFO_PATH, { method: 'DELETE' }))).toBe(401);
    expect(await status(anonymous.request(CLUSTER_INFO_PATH, { query: { watch: '1' } }))).toBe(401);
    expect(await status(anonymous.requestJson('/api/v1/namespaces/kube-public/configmaps'))).toBe(401);
  });

  it('matches the hash openssl gives for the CA file (kubeadm\'s recipe)', async () => {
    const { execFileSync } = await import('node:child_process');
    let openssl: string;
    try {
      const pub = execFileSync('openssl', ['x509', '-pubkey', '-noout'], { input: srv.caPem! });
      const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: pub });
      openssl = (await import('node:crypto')).createHash('sha256').update(der).digest('hex');
    } catch {
      return; // no openssl on this machine
    }
    expect(caCertHash(srv.caPem!)).toBe(`sha256:${openssl}`);
  });
});
