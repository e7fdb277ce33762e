/**
 * The agent's kubelet port (default 10250): HTTPS with a fresh self-signed certificate
 * (certs.ts; its fingerprint is published on the Node and pinned by the api-server), a
 * bearer token on every request (auth.ts), and the kubelet's paths:
 *   GET /containerLogs/{namespace}/{pod}/{container}   (logs-route.ts)
 *   GET /exec/{namespace}/{pod}/{container} + WebSocket upgrade   (exec-route.ts)
 *   /portForward/{namespace}/{pod} + WebSocket or SPDY/3.1 upgrade   (portforward-route.ts)
 *   GET /stats/resource   the resource sampler's latest reading (stats-route.ts)
 *   GET /healthz   (no token: it tells nothing)
 * Errors are Status JSON with the kubelet's codes, so the api-server passes them through.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Logger } from '@skiff/logging';
import type { ExecDriver } from '../runtime/exec.ts';
import type { LogSource } from '../runtime/logs.ts';
import type { ContainerRuntime } from '../runtime/runtime.ts';
import type { AgentAuth } from './auth.ts';
import { selfSignedCert } from './certs.ts';
import { PROTOCOLS } from './channels.ts';
import type { ContainerRef } from './containers.ts';
import { AgentError, asAgentError } from './errors.ts';
import { execOptions, prepareExec, runExec } from './exec-route.ts';
import { serveLogs } from './logs-route.ts';
import { portForwardRef, portForwardUpgrade } from './portforward-route.ts';
import { isStatsRequest, serveStats } from './stats-route.ts';
import type { ResourceStats } from '../stats/types.ts';

export const DEFAULT_KUBELET_PORT = 10250;

export interface AgentServerOptions {
  nodeName: string;
  runtime: ContainerRuntime;
  logs: LogSource;
  exec: ExecDriver;
  auth: AgentAuth;
  log: Logger;
  /** Default 10250; 0 picks a free port (tests). */
  port?: number | undefined;
  /** Default all interfaces: the api-server may be on another machine. */
  host?: string | undefined;
  /** Extra names/IPs for the certificate (it is pinned by fingerprint, so these are cosmetic). */
  names?: string[] | undefined;
  /** The resource sampler's latest reading (stats/); without it /stats/resource is a 404. */
  stats?: (() => ResourceStats) | undefined;
}

export interface AgentServer {
  port: number;
  /** SHA-256 of the serving certificate, for the Node annotation (endpoint.ts). */
  fingerprint: string;
  certPem: string;
  close(): Promise<void>;
}

const ROUTE = /^\/(containerLogs|exec)\/([^/]+)\/([^/]+)\/([^/]+)$/;

function route(url: string | undefined): { kind: string; ref: ContainerRef; query: URLSearchParams } | undefined {
  const u = new URL(url ?? '/', 'https://agent');
  const m = ROUTE.exec(u.pathname);
  if (!m) return undefined;
  const [, kind, ns, pod, container] = m.map((s) => decodeURIComponent(s ?? ''));
  return { kind: kind!, ref: { namespace: ns!, pod: pod!, container: container! }, query: u.searchParams };
}

function fail(res: ServerResponse, e: AgentError): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(e.code, { 'content-type': 'application/json' }).end(e.status());
}

function failUpgrade(socket: Duplex, e: AgentError): void {
  const body = e.status();
  socket.end(`HTTP/1.1 ${e.code} ${e.reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

const unauthorized = new AgentError(401, 'Unauthorized', 'Unauthorized');

export async function startAgentServer(o: AgentServerOptions): Promise<AgentServer> {
  const cert = selfSignedCert(`${o.nodeName}@kubelet`, ['localhost', '127.0.0.1', hostname(), o.nodeName, ...(o.names ?? [])]);
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false });
  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.url === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (isStatsRequest(req.url)) return serveStats(o, req, res);
    const r = route(req.url);
    if (!r) throw new AgentError(404, 'NotFound', 'the server could not find the requested resource');
    if (!(await o.auth(req.headers.authorization, { namespace: r.ref.namespace, pod: r.ref.pod }))) throw unauthorized;
    if (req.method !== 'GET') throw new AgentError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    if (r.kind === 'exec') throw new AgentError(400, 'BadRequest', 'Upgrade request required');
    await serveLogs(o, r.ref, r.query, req, res);
  };
  const portForward = portForwardUpgrade(o);
  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const pf = portForwardRef(req.url);
    if (pf && !(await o.auth(req.headers.authorization, pf))) throw unauthorized;
    if (pf) return portForward.handle(req, socket, head, pf);
    const r = route(req.url);
    if (!r || r.kind !== 'exec') throw new AgentError(404, 'NotFound', 'the server could not find the requested resource');
    if (!(await o.auth(req.headers.authorization, { namespace: r.ref.namespace, pod: r.ref.pod }))) throw unauthorized;
    const opts = execOptions(r.query);
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!PROTOCOLS.some((p) => offered.includes(p))) throw new AgentError(400, 'BadRequest', `unsupported streaming protocols ${JSON.stringify(offered)}: this node speaks ${PROTOCOLS.join(', ')}`);
    const id = await prepareExec(o, r.ref);
    wss.handleUpgrade(req, socket, head, (ws) => runExec(o, ws, id, opts, req));
  };
  const server: Server = createServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      const err = asAgentError(e);
      if (err.code >= 500) o.log.warn({ err: e, url: req.url }, 'kubelet request failed');
      fail(res, err);
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    onUpgrade(req, socket, head).catch((e: unknown) => failUpgrade(socket, asAgentError(e)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? DEFAULT_KUBELET_PORT, o.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  o.log.info({ port, fingerprint: cert.fingerprint }, 'kubelet port listening');
  return {
    port,
    fingerprint: cert.fingerprint,
    certPem: cert.certPem,
    async close() {
      for (const c of wss.clients) c.terminate();
      portForward.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
