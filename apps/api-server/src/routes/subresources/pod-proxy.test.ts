/**
 * pods/log and pods/exec through the api-server to a fake agent (fake-agent.ts): what is
 * passed on (container, parameters, the caller's token, subprotocol), frames relayed
 * byte for byte both ways, container defaulting, and every failure as a Status.
 */
import { startTestServer, type TestServer } from '@skiff/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiClient, pod, type ApiClient } from '../../test/http.ts';
import { startFakeAgent, type FakeAgent } from './fake-agent.ts';
import { KUBELET_CERT_ANNOTATION } from './pod-backend.ts';

let srv: TestServer;
let api: ApiClient;
let agent: FakeAgent;
const PODS = '/api/v1/namespaces/default/pods';

async function node(name: string, port: number, fingerprint: string | undefined): Promise<void> {
  const r = await api.post('/api/v1/nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, ...(fingerprint ? { annotations: { [KUBELET_CERT_ANNOTATION]: fingerprint } } : {}) },
    status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } } },
  });
  expect(r.status).toBe(201);
}

async function runningPod(name: string, nodeName: string | undefined, extra: Record<string, unknown> = {}): Promise<void> {
  const p = pod(name, extra) as { spec: Record<string, unknown> };
  if (nodeName) p.spec['nodeName'] = nodeName;
  expect((await api.post(PODS, p)).status).toBe(201);
  if (!nodeName) return;
  const containers = (p.spec['containers'] as Array<{ name: string }>).map((c) => ({ name: c.name, ready: true, restartCount: 0, image: 'busybox', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }));
  expect((await api.patch(`${PODS}/${name}/status`, { status: { phase: 'Running', containerStatuses: containers } }, 'application/merge-patch+json')).status).toBe(200);
}

beforeAll(async () => {
  srv = await startTestServer();
  api = apiClient(srv.url, srv.token);
  agent = await startFakeAgent();
  await node('n1', agent.port, agent.fingerprint);
  await node('unpinned', agent.port, undefined);
  await node('impostor', agent.port, 'ab'.repeat(32));
  await node('down', 1, agent.fingerprint);
  await runningPod('web', 'n1');
  await runningPod('two', 'n1', { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }] } });
  await runningPod('annotated', 'n1', { metadata: { annotations: { 'kubectl.kubernetes.io/default-container': 'b' } }, spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }] } });
  await runningPod('pending', undefined);
  await runningPod('on-unpinned', 'unpinned');
  await runningPod('on-impostor', 'impostor');
  await runningPod('on-down', 'down');
  await runningPod('broken', 'n1');
});
afterAll(async () => {
  await agent?.close();
  await srv?.close();
});

describe('pods/log', () => {
  it('streams the agent answer as text/plain with the container and parameters passed on, and the caller token', async () => {
    const r = await api.get(`${PODS}/web/log?tailLines=10&timestamps=true&sinceSeconds=60&limitBytes=100&previous=false`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(r.text).toBe('/containerLogs/default/web/main?previous=false&timestamps=true&tailLines=10&sinceSeconds=60&limitBytes=100\nline 2\n');
    expect(agent.seen.at(-1)?.authorization).toBe(`Bearer ${srv.token}`);
  });

  it('defaults the container: the annotation, or a 400 listing the choices; an unknown one is a 400', async () => {
    expect((await api.get(`${PODS}/annotated/log`)).text).toMatch(/^\/containerLogs\/default\/annotated\/b\n/);
    expect((await api.get(`${PODS}/two/log?container=a`)).text).toMatch(/^\/containerLogs\/default\/two\/a\n/);
    const two = await api.get(`${PODS}/two/log`);
    expect(two.status).toBe(400);
    expect(two.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'a container name must be specified for pod two, choose one of: [a b]' });
    expect((await api.get(`${PODS}/web/log?container=nope`)).body.message).toBe('container nope is not valid for pod web');
  });

  it('follow stays open and closing it closes the agent stream', async () => {
    const before = agent.followsClosed;
    const ac = new AbortController();
    const res = await fetch(`${srv.url}${PODS}/web/log?follow=true`, { headers: { authorization: `Bearer ${srv.token}` }, signal: ac.signal });
    const reader = res.body!.getReader();
    let text = '';
    while ((text.match(/tick/g) ?? []).length < 3) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    await expect.poll(() => agent.followsClosed, { timeout: 5000 }).toBe(before + 1);
    expect(text).toMatch(/^\/containerLogs\/default\/web\/main\?follow=true\ntick 0\ntick 1\n/);
  });

  it('errors: pending pod, missing pod, agent Status passed through, dial failures', async () => {
    const pending = await api.get(`${PODS}/pending/log`);
    expect(pending.status).toBe(400);
    expect(pending.body.message).toBe('container "main" in pod "pending" is waiting to start: ContainerCreating');
    expect((await api.get(`${PODS}/absent/log`)).body).toMatchObject({ code: 404, message: 'pods "absent" not found' });
    const prev = await api.get(`${PODS}/web/log?container=main&previous=true`);
    expect(prev.status).toBe(200);
    expect((await api.get(`${PODS}/on-down/log`)).body).toMatchObject({ code: 500, message: expect.stringMatching(/^error dialing backend: dial tcp 127\.0\.0\.1:1: .*ECONNREFUSED/) });
    expect((await api.get(`${PODS}/on-unpinned/log`)).body.message).toMatch(/^error dialing backend: node "unpinned" has not published its kubelet serving certificate/);
    expect((await api.get(`${PODS}/on-impostor/log`)).body.message).toMatch(/presented a certificate .* other than the one its node published/);
    expect((await api.get(`${PODS}/web/log?tailLines=-1`)).status).toBe(422);
  });

  it('an agent Status (e.g. no previous container) reaches the client as is', async () => {
    await runningPod('prev', 'n1', { spec: { containers: [{ name: 'missing', image: 'x' }] } });
    const r = await api.get(`${PODS}/prev/log?previous=true`);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'previous terminated container "missing" in pod "web" not found' });
  });
});

interface Session {
  ws: WebSocket;
  frames: Buffer[];
  closed: Promise<number>;
}

function openExec(path: string, protocols = ['v5.channel.k8s.io'], token: string | undefined = srv.token): Promise<Session> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(srv.url.replace(/^http/, 'ws') + path, protocols, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const frames: Buffer[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (m: Buffer) => frames.push(Buffer.from(m)));
    ws.on('open', () => resolve({ ws, frames, closed }));
    ws.on('unexpected-response', (_q, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => reject(Object.assign(new Error(body), { statusCode: res.statusCode, status: JSON.parse(body) as unknown })));
    });
    ws.on('error', reject);
  });
}

describe('pods/exec over WebSocket', () => {
  it('relays frames exactly, both ways, with the agent protocol, the query and the caller token', async () => {
    for (const protocol of ['v5.channel.k8s.io', 'v4.channel.k8s.io']) {
      const s = await openExec(`${PODS}/web/exec?command=sh&command=-c&command=echo+hi&container=main&stdin=true&stdout=true&stderr=true`, [protocol]);
      expect(s.ws.protocol).toBe(protocol);
      s.ws.send(Buffer.from([0, 0x68, 0x00, 0xfe]));
      s.ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":80,"Height":24}')]));
      s.ws.send(Buffer.from([255, 0]));
      expect(await s.closed).toBe(1000);
      expect(s.frames.map((f) => [...f])).toEqual([
        [1, 0x6f, 0x75, 0x74],
        [2, 0x00, 0xff, 0x0a],
        [1, 0x68, 0x00, 0xfe],
        [1, ...Buffer.from('resize:{"Width":80,"Height":24}')],
        [3, ...Buffer.from(JSON.stringify({ metadata: {}, status: 'Failure', message: 'command terminated with non-zero exit code: exit code 7', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '7' }] } }))],
      ]);
      const seen = agent.seen.at(-1)!;
      expect(seen).toMatchObject({ url: '/exec/default/web/main?command=sh&command=-c&command=echo+hi&stdin=true&stdout=true&stderr=true', authorization: `Bearer ${srv.token}`, protocol });
    }
  });

  it('failures before the upgrade are Statuses: no token, no pod, no choice of container, agent refusal, unreachable agent', async () => {
    await expect(openExec(`${PODS}/web/exec?command=true&stdout=true`, undefined, 'wrong')).rejects.toMatchObject({ statusCode: 401 });
    await expect(openExec(`${PODS}/absent/exec?command=true&stdout=true`)).rejects.toMatchObject({ statusCode: 404, status: { message: 'pods "absent" not found' } });
    await expect(openExec(`${PODS}/two/exec?command=true&stdout=true`)).rejects.toMatchObject({ statusCode: 400, status: { message: 'a container name must be specified for pod two, choose one of: [a b]' } });
    await expect(openExec(`${PODS}/broken/exec?command=true&stdout=true`)).rejects.toMatchObject({ statusCode: 400, status: { message: 'container main is not running (state: exited)' } });
    await expect(openExec(`${PODS}/on-down/exec?command=true&stdout=true`)).rejects.toMatchObject({ statusCode: 500, status: { message: expect.stringMatching(/^error dialing backend: /) } });
    await expect(openExec(`${PODS}/pending/exec?command=true&stdout=true`)).rejects.toMatchObject({ statusCode: 400, status: { message: 'pod pending does not have a host assigned' } });
  });

  it('kubectl SPDY fallback (POST) gets the same error, or a clear "WebSocket only"', async () => {
    expect((await api.post(`${PODS}/on-down/exec?command=true&stdout=true`, '')).body).toMatchObject({ code: 500, message: expect.stringMatching(/^error dialing backend/) });
    const r = await api.post(`${PODS}/web/exec?command=true&stdout=true`, '');
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^Upgrade request required/);
  });

  it('a plain GET or POST to portforward (no upgrade) is the kubelet\'s 400', async () => {
    for (const r of [await api.get(`${PODS}/web/portforward?ports=80`), await api.post(`${PODS}/web/portforward?ports=80`, '')]) {
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'Upgrade request required' });
    }
  });
});
