/**
 * The agent's /portForward route with the fake runtime, whose sandboxes are given 127.0.0.1
 * so the "pod" is a local TCP echo server: bytes both ways over several connections of one
 * session, half-closes, the kubelet's error text when nothing listens, refused streams for bad
 * headers, Status answers before the upgrade, and the plain SPDY/3.1 upgrade of older clients.
 */
import { once } from 'node:events';
import { request } from 'node:https';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '@skiff/logging';
import { dialPortForward, UpgradeRefused } from '@skiff/client/spdy/dial';
import { openForwardPair, readErrorStream } from '@skiff/client/spdy/portforward';
import { SpdySession, SpdyStreamRefused } from '@skiff/client/spdy/session';
import { socketTransport } from '@skiff/client/spdy/transport';
import { FakeRuntime } from '../runtime/fake.ts';
import { containerLabels, SANDBOX_CONTAINER_NAME } from '../runtime/labels.ts';
import { tokenAuth } from './auth.ts';
import { startAgentServer, type AgentServer } from './server.ts';

const NODE = 'pf-node';
const TOKEN = 'port-forward-test-token';
const headers = { authorization: `Bearer ${TOKEN}` };

let agent: AgentServer;
let echo: Server;
let echoPort: number;
let counter: Server;
let counterPort: number;
let closedPort: number;
const runtime = new FakeRuntime();

async function sandbox(name: string, start: boolean): Promise<string> {
  const id = { uid: `uid-${name}`, namespace: 'default', name };
  const cid = await runtime.createContainer({ name: `k8s_POD_${name}`, image: 'pause:1', labels: containerLabels(NODE, id, SANDBOX_CONTAINER_NAME, 0), env: [], networkMode: 'skiff' });
  if (start) await runtime.startContainer(cid);
  return cid;
}

async function listen(handler: (s: Socket) => void): Promise<Server> {
  const s = createServer(handler);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return s;
}

const collect = (s: Duplex): Promise<string> =>
  new Promise((resolve) => {
    let out = '';
    s.on('data', (d: Buffer) => (out += d.toString()));
    s.once('end', () => resolve(out));
  });

async function roundTrip(session: SpdySession, port: number, requestId: number, payload: string): Promise<{ echoed: string; error: string }> {
  const { error, data } = await openForwardPair(session, port, requestId);
  const errorText = readErrorStream(error);
  const echoed = collect(data);
  data.write(payload.slice(0, 3));
  data.end(payload.slice(3)); // half-close: the echo server answers the rest, then closes
  return { echoed: await echoed, error: await errorText };
}

const dial = (pod: string, token = TOKEN): Promise<SpdySession> => dialPortForward(`wss://127.0.0.1:${agent.port}/portForward/default/${pod}`, { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false });

beforeAll(async () => {
  runtime.addImage('pause:1');
  runtime.sandboxIp = '127.0.0.1';
  await sandbox('web', true);
  await sandbox('stopped', false);
  echo = await listen((s) => s.pipe(s));
  echoPort = (echo.address() as AddressInfo).port;
  // Answers only once the client has finished sending (its FIN), then closes.
  counter = await listen((s) => {
    let n = 0;
    s.on('data', (d: Buffer) => (n += d.length));
    s.on('end', () => s.end(`got ${n} bytes`));
  });
  counterPort = (counter.address() as AddressInfo).port;
  const gone = await listen(() => undefined);
  closedPort = (gone.address() as AddressInfo).port;
  await new Promise((r) => gone.close(r));
  agent = await startAgentServer({
    nodeName: NODE,
    runtime,
    logs: async () => Promise.reject(new Error('no logs here')),
    exec: async () => Promise.reject(new Error('no exec here')),
    auth: tokenAuth({ tokens: [TOKEN] }),
    log: silentLogger(),
    port: 0,
    host: '127.0.0.1',
  });
});

afterAll(async () => {
  await agent?.close();
  await new Promise((r) => echo?.close(r));
  await new Promise((r) => counter?.close(r));
});

describe('agent /portForward', () => {
  it('forwards several connections of one session to the pod, both ways, with half-close', async () => {
    const session = await dial('web');
    const results = await Promise.all([0, 1, 2, 3].map((i) => roundTrip(session, echoPort, i, `connection ${i} `.repeat(100 * (i + 1)))));
    results.forEach((r, i) => expect(r).toEqual({ echoed: `connection ${i} `.repeat(100 * (i + 1)), error: '' }));
    expect(await roundTrip(session, echoPort, 4, 'after the others')).toEqual({ echoed: 'after the others', error: '' });
    session.close();
  });

  it('the client\'s FIN reaches the pod, which still answers afterwards', async () => {
    const session = await dial('web');
    expect(await roundTrip(session, counterPort, 0, 'x'.repeat(100_000))).toEqual({ echoed: 'got 100000 bytes', error: '' });
    session.close();
  });

  it('nothing listening: the kubelet\'s error text on the error stream, and the session goes on', async () => {
    const session = await dial('web');
    const r = await roundTrip(session, closedPort, 0, 'x');
    expect(r.echoed).toBe('');
    expect(r.error).toMatch(new RegExp(`^error forwarding port ${closedPort} to pod [0-9a-f]{64}, uid : dial tcp 127\\.0\\.0\\.1:${closedPort}: connect: connection refused$`));
    expect((await roundTrip(session, echoPort, 1, 'still here')).echoed).toBe('still here');
    session.close();
  });

  it('refuses streams with a bad port or stream type (RST_STREAM), and keeps serving', async () => {
    const session = await dial('web');
    const bad: Array<Record<string, string>> = [{ streamtype: 'data', port: '0', requestid: '1' }, { streamtype: 'data', port: '70000', requestid: '2' }, { streamtype: 'data', port: 'http', requestid: '3' }, { streamtype: 'stdin', port: '80', requestid: '4' }, { port: '80', requestid: '5' }];
    for (const h of bad) {
      await expect(session.openStream(h)).rejects.toBeInstanceOf(SpdyStreamRefused);
    }
    expect((await roundTrip(session, echoPort, 9, 'fine')).echoed).toBe('fine');
    session.close();
  });

  it('answers a Status before the upgrade: unknown pod 404, pod without a running sandbox 400, bad token 401', async () => {
    const refused = (p: Promise<unknown>): Promise<UpgradeRefused> => p.then(() => Promise.reject(new Error('upgraded')), (e: UpgradeRefused) => e);
    const unknown = await refused(dial('nope'));
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pod "nope" in namespace "default" is not running on this node' });
    const stopped = await refused(dial('stopped'));
    expect(stopped.statusCode).toBe(400);
    expect(JSON.parse(stopped.body).message).toMatch(/has no running sandbox/);
    expect((await refused(dial('web', 'wrong'))).statusCode).toBe(401);
  });

  it('serves the plain SPDY/3.1 upgrade older kubectl uses', async () => {
    const socket = await new Promise<Duplex>((resolve, reject) => {
      const req = request(`https://127.0.0.1:${agent.port}/portForward/default/web`, { method: 'POST', rejectUnauthorized: false, headers: { ...headers, connection: 'Upgrade', upgrade: 'SPDY/3.1', 'x-stream-protocol-version': 'portforward.k8s.io' } });
      req.on('upgrade', (res, sock) => {
        expect(res.headers['x-stream-protocol-version']).toBe('portforward.k8s.io');
        resolve(sock);
      });
      req.on('response', (res) => reject(new Error(`HTTP ${res.statusCode}`)));
      req.on('error', reject);
      req.end();
    });
    const session = new SpdySession(socketTransport(socket), { server: false });
    expect(await roundTrip(session, echoPort, 0, 'over raw spdy')).toEqual({ echoed: 'over raw spdy', error: '' });
    session.close();
  });

  it('a client that sends garbage loses only its own connection', async () => {
    for (const garbage of [Buffer.from('8002000100000000', 'hex'), 'a text message']) {
      const ws = new WebSocket(`wss://127.0.0.1:${agent.port}/portForward/default/web`, { headers: { ...headers, 'sec-websocket-protocol': 'SPDY/3.1+portforward.k8s.io' }, rejectUnauthorized: false });
      ws.once('upgrade', (res) => delete res.headers['sec-websocket-protocol']);
      await once(ws, 'open');
      ws.send(garbage);
      await once(ws, 'close');
    }
    const session = await dial('web');
    expect((await roundTrip(session, echoPort, 0, 'others unaffected')).echoed).toBe('others unaffected');
    session.close();
  });
});
