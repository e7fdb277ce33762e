/**
 * Join tokens against the real api-server: the Secret an admin writes is what authenticates,
 * checked on every request (expiry, secret, deletion), with 401 Status messages that say why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { WebSocket } from 'ws';
import { apiClient, type ApiClient } from '../test/http.ts';

let srv: TestServer;
let admin: ApiClient;
const SECRETS = '/api/v1/namespaces/kube-system/secrets';

beforeAll(async () => {
  srv = await startTestServer();
  admin = apiClient(srv.url, srv.token);
});
afterAll(async () => srv.close());

function tokenSecret(id: string, secret: string, extra: Record<string, string> = {}, type = 'bootstrap.kubernetes.io/token'): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `bootstrap-token-${id}` },
    type,
    stringData: { 'token-id': id, 'token-secret': secret, 'usage-bootstrap-authentication': 'true', ...extra },
  };
}

async function makeToken(id: string, secret: string, extra: Record<string, string> = {}, type?: string): Promise<string> {
  const r = await admin.post(SECRETS, tokenSecret(id, secret, extra, type));
  expect(r.status, r.text).toBe(201);
  return `${id}.${secret}`;
}

async function whoami(token: string) {
  return apiClient(srv.url, token).post('/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
}

function expect401(r: { status: number; body: any }, message: string | RegExp): void {
  expect(r.status).toBe(401);
  expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
  expect(r.body.message).toMatch(message);
}

describe('bootstrap token authentication', () => {
  it('a valid token is system:bootstrap:<id> in system:bootstrappers plus its extra groups', async () => {
    const token = await makeToken('abc123', '0123456789abcdef', { 'auth-extra-groups': 'system:bootstrappers:skiff:node-agent', expiration: new Date(Date.now() + 3600_000).toISOString() });
    const r = await whoami(token);
    expect(r.status, r.text).toBe(201);
    expect(r.body.status.userInfo).toEqual({ username: 'system:bootstrap:abc123', groups: ['system:bootstrappers', 'system:bootstrappers:skiff:node-agent', 'system:authenticated'] });
    expect((await apiClient(srv.url, token).get('/api/v1/nodes')).status).toBe(200);
  });

  it('an expired token is refused with a message saying so', async () => {
    const token = await makeToken('exp000', '0123456789abcdef', { expiration: new Date(Date.now() - 1000).toISOString() });
    expect401(await apiClient(srv.url, token).get('/api/v1/nodes'), /join token "exp000" expired at .*skiff token create/);
  });

  it('a token expiring while in use stops at its expiration', async () => {
    const token = await makeToken('exp001', '0123456789abcdef', { expiration: new Date(Date.now() + 1500).toISOString() });
    expect((await apiClient(srv.url, token).get('/api/v1/nodes')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect401(await apiClient(srv.url, token).get('/api/v1/nodes'), /expired/);
  });

  it('a deleted token is refused on the very next request', async () => {
    const token = await makeToken('del000', '0123456789abcdef');
    const api = apiClient(srv.url, token);
    expect((await api.get('/api/v1/nodes')).status).toBe(200);
    expect((await admin.del(`${SECRETS}/bootstrap-token-del000`)).status).toBe(200);
    expect401(await api.get('/api/v1/nodes'), /join token "del000" is not valid \(deleted, or wrong secret\)/);
  });

  it('a wrong secret gets the same message as a missing token (no hint which ids exist)', async () => {
    await makeToken('wrong0', '0123456789abcdef');
    const wrong = await apiClient(srv.url, 'wrong0.0123456789abcdee').get('/api/v1/nodes');
    expect401(wrong, /join token "wrong0" is not valid \(deleted, or wrong secret\)/);
    const missing = await apiClient(srv.url, 'nosuch.0123456789abcdef').get('/api/v1/nodes');
    expect401(missing, /join token "nosuch" is not valid \(deleted, or wrong secret\)/);
  });

  it('malformed tokens are plain 401s', async () => {
    await makeToken('malfor', '0123456789abcdef');
    for (const t of ['malfor', 'malfor.', 'MALFOR.0123456789abcdef', 'malfor.0123456789abcdef0', 'malfor.0123456789abcde', 'malfor:0123456789abcdef']) {
      expect401(await apiClient(srv.url, t).get('/api/v1/nodes'), /^Unauthorized$/);
    }
  });

  it('the Secret must be a bootstrap token meant for authentication, with valid extra groups', async () => {
    const opaque = await makeToken('opaque', '0123456789abcdef', {}, 'Opaque');
    expect401(await apiClient(srv.url, opaque).get('/api/v1/nodes'), /not valid/);
    const signing = await makeToken('signin', '0123456789abcdef', { 'usage-bootstrap-authentication': 'false' });
    expect401(await apiClient(srv.url, signing).get('/api/v1/nodes'), /not marked for authentication/);
    const masters = await makeToken('master', '0123456789abcdef', { 'auth-extra-groups': 'system:masters' });
    expect401(await apiClient(srv.url, masters).get('/api/v1/nodes'), /invalid auth-extra-groups/);
    const badDate = await makeToken('baddat', '0123456789abcdef', { expiration: 'tomorrow' });
    expect401(await apiClient(srv.url, badDate).get('/api/v1/nodes'), /unreadable expiration/);
  });

  it('the admin token keeps working beside join tokens', async () => {
    expect((await admin.get('/api/v1/namespaces')).status).toBe(200);
  });
});

describe('what a join token may do', () => {
  let agent: ApiClient;
  let token: string;
  beforeAll(async () => {
    token = await makeToken('agent0', '0123456789abcdef');
    agent = apiClient(srv.url, token);
  });

  it('registers a Node, renews its Lease, writes events and ResourceSlices', async () => {
    const node = await agent.post('/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'joined' } });
    expect(node.status, node.text).toBe(201);
    expect((await agent.patch('/api/v1/nodes/joined/status', { status: { phase: 'Running' } }, 'application/merge-patch+json')).status).toBe(200);
    const lease = await agent.post('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'joined' }, spec: { holderIdentity: 'joined' } });
    expect(lease.status, lease.text).toBe(201);
    const ev = await agent.post('/api/v1/namespaces/default/events', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'joined.1' }, involvedObject: { kind: 'Node', name: 'joined' }, reason: 'Starting', message: 'hi', type: 'Normal' });
    expect(ev.status, ev.text).toBe(201);
    const slice = await agent.post('/apis/resource.k8s.io/v1/resourceslices', { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceSlice', metadata: { name: 'joined-gpu' }, spec: { driver: 'gpu.nvidia.com', nodeName: 'joined', pool: { name: 'joined', generation: 1, resourceSliceCount: 1 }, devices: [] } });
    expect(slice.status, slice.text).toBe(201);
    expect((await agent.get('/api/v1/pods?fieldSelector=spec.nodeName%3Djoined')).status).toBe(200);
    expect((await agent.get('/apis/resource.k8s.io/v1/namespaces/default/resourceclaims/x')).status).toBe(404);
    expect((await agent.get('/api')).status).toBe(200);
  });

  it('is refused (403 Status) everything else: listing secrets, other join tokens, namespaces, deleting nodes, exec', async () => {
    const denied: Array<[string, Promise<{ status: number; body: any }>]> = [
      ['list secrets', agent.get('/api/v1/namespaces/default/secrets')],
      ['read another join token', agent.get('/api/v1/namespaces/kube-system/secrets/bootstrap-token-agent0')],
      ['create a namespace', agent.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } })],
      ['delete a node', agent.del('/api/v1/nodes/joined')],
      ['create a pod', agent.post('/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } })],
      ['leases outside kube-node-lease', agent.get('/apis/coordination.k8s.io/v1/namespaces/kube-system/leases')],
      ['pod logs', agent.get('/api/v1/namespaces/default/pods/p/log')],
      ['metrics', agent.get('/metrics')],
    ];
    for (const [what, p] of denied) {
      const r = await p;
      expect(r.status, what).toBe(403);
      expect(r.body, what).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
      expect(r.body.message, what).toContain('User "system:bootstrap:agent0"');
    }
    const r = await agent.get('/api/v1/namespaces/default/secrets');
    expect(r.body.message).toBe('secrets is forbidden: User "system:bootstrap:agent0" cannot list resource "secrets" in API group "" in the namespace "default": join tokens may only do what a node agent needs (docs/homelab.md)');
  });

  it('is refused exec over WebSocket before anything is dialled', async () => {
    const url = `${srv.url.replace(/^http/, 'ws')}/api/v1/namespaces/default/pods/p/exec?command=sh&stdout=1`;
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url, ['v5.channel.k8s.io'], { headers: { authorization: `Bearer ${token}` } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('upgraded')));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
  });
});
