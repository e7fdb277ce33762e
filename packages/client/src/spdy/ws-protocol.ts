/**
 * kubectl's tunnel subprotocol `SPDY/3.1+portforward.k8s.io` has a '/', which is not allowed
 * in an RFC 6455 subprotocol token. Go's gorilla/websocket (kubectl, kube-apiserver) does not
 * check; ws does, refusing it as a client (SyntaxError) and as a server (400 Invalid
 * Sec-WebSocket-Protocol header). These two helpers carry it past ws, unchanged on the wire.
 */
import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';

const asToken = (p: string): string => p.replace(/[^!#$%&'*+\-.^_`|~0-9A-Za-z]/g, '_');

/**
 * Server side, before `wss.handleUpgrade`: true when `protocol` was offered. The request's
 * header is rewritten to tokens ws can parse, so its `handleProtocols` must answer with
 * `protocol` itself (ws writes that answer as given).
 */
export function acceptLooseProtocol(req: IncomingMessage, protocol: string): boolean {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  if (offered.length) req.headers['sec-websocket-protocol'] = offered.map(asToken).join(', ');
  return offered.includes(protocol);
}

/**
 * Client side: the header to send instead of ws's `protocols` argument, and a check to attach
 * to the socket before it opens; the check returns what the server answered.
 */
export function offerLooseProtocol(protocol: string): { headers: Record<string, string>; watch(ws: WebSocket): () => string | undefined } {
  return {
    headers: { 'Sec-WebSocket-Protocol': protocol },
    watch(ws) {
      let answered: string | undefined;
      ws.once('upgrade', (res) => {
        answered = res.headers['sec-websocket-protocol'];
        // ws would refuse an answer to a protocol it did not offer itself: we check it instead.
        delete res.headers['sec-websocket-protocol'];
      });
      return () => answered;
    },
  };
}
