/**
 * Client side of the port-forward upgrade, as kubectl 1.31+ does it (client-go
 * tools/portforward/tunneling_dialer.go): a WebSocket offering `SPDY/3.1+portforward.k8s.io`,
 * then a SPDY client session over its binary messages. A refused upgrade rejects with the
 * server's answer (a Status body from the api-server), for the caller to word.
 */
import WebSocket from 'ws';
import { PORTFORWARD_WEBSOCKET_PROTOCOL } from './portforward.ts';
import { SpdySession } from './session.ts';
import { websocketTransport } from './transport.ts';
import { offerLooseProtocol } from './ws-protocol.ts';

export class UpgradeRefused extends Error {
  readonly reason = 'UpgradeRefused';
  readonly statusCode: number;
  readonly body: string;
  constructor(statusCode: number, body: string) {
    super(`the server refused the upgrade (HTTP ${statusCode}): ${body}`);
    this.name = 'UpgradeRefused';
    this.statusCode = statusCode;
    this.body = body;
  }
}

export interface DialOptions {
  headers?: Record<string, string>;
  ca?: string | Buffer | undefined;
  cert?: string | Buffer | undefined;
  key?: string | Buffer | undefined;
  rejectUnauthorized?: boolean;
}

/** `url`: wss://…/api/v1/namespaces/<ns>/pods/<pod>/portforward (or an agent's /portForward/<ns>/<pod>). */
export function dialPortForward(url: string, o: DialOptions = {}): Promise<SpdySession> {
  return new Promise((resolve, reject) => {
    const offer = offerLooseProtocol(PORTFORWARD_WEBSOCKET_PROTOCOL);
    const ws = new WebSocket(url, {
      headers: { ...o.headers, ...offer.headers },
      perMessageDeflate: false,
      rejectUnauthorized: o.rejectUnauthorized ?? true,
      ...(o.ca ? { ca: o.ca } : {}),
      ...(o.cert ? { cert: o.cert, key: o.key } : {}),
    });
    const answered = offer.watch(ws);
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => reject(new UpgradeRefused(res.statusCode ?? 0, body)));
      res.on('error', () => reject(new UpgradeRefused(res.statusCode ?? 0, body)));
    });
    ws.once('error', reject);
    ws.once('open', () => {
      ws.off('error', reject);
      if (answered() !== PORTFORWARD_WEBSOCKET_PROTOCOL) {
        ws.terminate();
        return reject(new Error(`unable to negotiate protocol: client supports "${PORTFORWARD_WEBSOCKET_PROTOCOL}", server returned "${answered() ?? ''}"`));
      }
      resolve(new SpdySession(websocketTransport(ws), { server: false }));
    });
  });
}
