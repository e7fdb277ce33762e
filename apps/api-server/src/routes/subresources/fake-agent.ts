/**
 * Test double for a node agent's kubelet port: HTTPS on a fresh self-signed certificate,
 * /containerLogs that echoes what it was asked (and ticks with `follow`), /exec over
 * WebSocket that sends fixed frames, echoes stdin and ends on the v5 close signal. It
 * records requests so tests can check what the api-server passed on.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { ensureTls } from '../../auth/certs.ts';

export interface FakeAgent {
  port: number;
  fingerprint: string;
  seen: Array<{ url: string; authorization: string | undefined; protocol?: string }>;
  /** Follow streams closed by the proxy (client went away). */
  followsClosed: number;
  close(): Promise<void>;
}

const status = (code: number, reason: string, message: string): string => JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

export async function startFakeAgent(): Promise<FakeAgent> {
  const dir = mkdtempSync(join(tmpdir(), 'fake-agent-'));
  const tls = ensureTls(dir, ['127.0.0.1']);
  rmSync(dir, { recursive: true, force: true });
  const agent: FakeAgent = { port: 0, fingerprint: new X509Certificate(tls.certPem).fingerprint256.replace(/:/g, '').toLowerCase(), seen: [], followsClosed: 0, close: async () => undefined };
  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    agent.seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    const u = new URL(req.url ?? '/', 'https://x');
    if (u.pathname.endsWith('/missing')) return void res.writeHead(400, { 'content-type': 'application/json' }).end(status(400, 'BadRequest', 'previous terminated container "missing" in pod "web" not found'));
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write(`${u.pathname}${u.search}\n`);
    if (u.searchParams.get('follow') !== 'true') return void res.end('line 2\n');
    let n = 0;
    const t = setInterval(() => res.write(`tick ${n++}\n`), 20);
    res.on('close', () => {
      clearInterval(t);
      agent.followsClosed++;
    });
  });
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => ['v5.channel.k8s.io', 'v4.channel.k8s.io'].find((x) => p.has(x)) ?? false });
  server.on('upgrade', (req, socket, head) => {
    const u = new URL(req.url ?? '/', 'https://x');
    if (u.pathname.includes('/broken/')) {
      const body = status(400, 'BadRequest', 'container main is not running (state: exited)');
      return void socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      agent.seen.push({ url: req.url ?? '', authorization: req.headers.authorization, protocol: ws.protocol });
      ws.send(Buffer.from([1, 0x6f, 0x75, 0x74])); // "out" on stdout
      ws.send(Buffer.from([2, 0x00, 0xff, 0x0a])); // arbitrary bytes on stderr
      ws.on('message', (m: Buffer) => {
        if (m[0] === 0) ws.send(Buffer.concat([Buffer.from([1]), m.subarray(1)]));
        if (m[0] === 4) ws.send(Buffer.concat([Buffer.from([1]), Buffer.from('resize:'), m.subarray(1)]));
        if (m[0] === 255) {
          ws.send(Buffer.concat([Buffer.from([3]), Buffer.from(JSON.stringify({ metadata: {}, status: 'Failure', message: 'command terminated with non-zero exit code: exit code 7', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '7' }] } }))]));
          ws.close(1000);
        }
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  agent.port = (server.address() as AddressInfo).port;
  agent.close = async () => {
    for (const c of wss.clients) c.terminate();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return agent;
}
