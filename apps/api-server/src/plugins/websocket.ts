/**
 * Watches over WebSocket, served from the same watch code and cache as HTTP streaming: each
 * event is one text message (the same JSON line). Authentication is the bearer header or, for
 * browsers that cannot set headers, the `base64url.bearer.authorization.k8s.io.<token>`
 * subprotocol upstream accepts. Upgrades for anything else get a Status and a closed socket.
 */
import { errors, type StatusError } from '@skiff/api';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { parse as parseQuery } from 'node:querystring';
import { WebSocketServer, type WebSocket } from 'ws';
import { authorizeRequest } from '../auth/bootstrap-authorizer.ts';
import type { Authenticator } from '../auth/tokens.ts';
import type { ServerContext } from '../context.ts';
import { parseAccept } from '../http/accept.ts';
import type { Query } from '../http/query.ts';
import { resolvePath } from '../http/resolve.ts';
import { verbOf } from '../routes/resources/dispatch.ts';
import type { ResourceRequest } from '../routes/resources/request.ts';
import { startWatch } from '../routes/resources/watch.ts';
import { toStatusError } from './errors.ts';

const TOKEN_PROTOCOL = 'base64url.bearer.authorization.k8s.io.';

function bearerFrom(req: IncomingMessage): string | undefined {
  if (req.headers.authorization) return req.headers.authorization;
  const protos = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const p = protos.find((x) => x.startsWith(TOKEN_PROTOCOL));
  if (!p) return undefined;
  return `Bearer ${Buffer.from(p.slice(TOKEN_PROTOCOL.length), 'base64url').toString('utf8')}`;
}

function reject(socket: Duplex, err: StatusError): void {
  const body = JSON.stringify(err.toStatus());
  socket.end(`HTTP/1.1 ${err.code} ${err.reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/** Other upgrade handlers (exec/attach proxies) can claim a request first by returning true. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

export function registerWebSocketWatch(app: FastifyInstance, ctx: ServerContext, auth: Authenticator, others: UpgradeHandler[] = []): void {
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false, // deflate costs more CPU than the bandwidth it saves on loopback/LAN
    handleProtocols: (protocols) => [...protocols].find((p) => !p.startsWith(TOKEN_PROTOCOL)) ?? false,
  });
  // Upgraded sockets leave the HTTP server's bookkeeping, so closing the server would wait on
  // them forever: track them here and cut them on close (clients re-watch / re-exec).
  const upgraded = new Set<Duplex>();
  app.addHook('preClose', async () => {
    for (const c of wss.clients) c.terminate();
    for (const s of upgraded) s.destroy();
  });
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    try {
      const header = bearerFrom(req);
      const user = auth.authenticate(header);
      if (!user) return reject(socket, errors.unauthorized(auth.failure?.(header) ?? 'Unauthorized'));
      const denied = authorizeRequest(user, 'GET', req.url ?? '');
      if (denied) return reject(socket, errors.forbidden(denied));
      for (const h of others) if (h(req, socket, head)) return;
      const [path = '', qs = ''] = (req.url ?? '').split('?');
      const target = resolvePath(path);
      if (target.kind !== 'resource') return reject(socket, errors.notFound('', '', ''));
      const rr: ResourceRequest = {
        type: target.type,
        namespace: target.namespace,
        name: target.name,
        subresource: target.subresource,
        query: parseQuery(qs) as Query,
        accept: parseAccept(req.headers.accept),
        contentType: '',
        body: undefined,
        warnings: [],
      };
      if (verbOf('GET', rr) !== 'watch' && !(rr.name === undefined && rr.subresource === undefined)) {
        return reject(socket, errors.badRequest('only watches are served over WebSocket on this path'));
      }
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        try {
          const w = startWatch(ctx, rr, {
            write: (frame) => {
              if (ws.readyState !== ws.OPEN) return false;
              // One event per text message, without the line terminator HTTP streaming needs.
              if (typeof frame === 'string') ws.send(frame.endsWith('\n') ? frame.slice(0, -1) : frame);
              else ws.send(frame.subarray(0, frame.at(-1) === 0x0a ? -1 : undefined), { binary: false });
              return ws.bufferedAmount < 16 * 1024 * 1024;
            },
            end: () => ws.close(1000),
          });
          ws.on('close', () => w.stop());
          ws.on('error', () => w.stop());
        } catch (e) {
          ws.send(JSON.stringify({ type: 'ERROR', object: toStatusError(e).err.toStatus() }));
          ws.close(1000);
        }
      });
    } catch (e) {
      reject(socket, toStatusError(e).err);
    }
  });
}
