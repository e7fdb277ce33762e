/**
 * WebSocket exec (and attach) on pods/<name>/exec: an UpgradeHandler for the websocket
 * plugin. Finds the pod's container and node (pod-backend.ts), opens a WebSocket to the
 * agent with the same subprotocols and the caller's token, answers the client's upgrade
 * with the protocol the agent chose, then relays every message both ways unchanged (the
 * channel framing is end to end). Failures before the upgrade are Status answers, the
 * agent's own ones passed through.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { errors } from '@skiff/api';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { ServerContext } from '../../context.ts';
import { toStatusError } from '../../plugins/errors.ts';
import type { UpgradeHandler } from '../../plugins/websocket.ts';
import { dialAgent } from './agent-dial.ts';
import { agentFailure, readBody } from './agent-status.ts';
import { podBackend } from './pod-backend.ts';
import { rejectUpgrade, upgradeCredentials } from './upgrade-relay.ts';

const PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach)$/;

/** Close codes that may not be sent on the wire (1005, 1006…) become a normal close. */
const sendable = (code: number): number => (code === 1000 || (code >= 1001 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999) ? code : 1000);

function openUpstream(url: string, protocols: string[], authorization: string | undefined, sock: Duplex): Promise<{ ws: WebSocket; early: Array<[RawData, boolean]> }> {
  return new Promise((resolve, rejectP) => {
    const ws = new WebSocket(url, protocols, { headers: authorization ? { authorization } : {}, createConnection: () => sock as never, perMessageDeflate: false });
    const early: Array<[RawData, boolean]> = [];
    ws.on('message', (d, bin) => early.push([d, bin])); // output can arrive before the client's handshake is done
    ws.once('open', () => resolve({ ws, early }));
    ws.once('unexpected-response', (_r, res) => {
      void readBody(res).then((body) => rejectP(agentFailure(res.statusCode ?? 502, body)));
    });
    ws.once('error', (e) => rejectP(errors.internal(`error dialing backend: ${e.message}`)));
  });
}

function relay(client: WebSocket, upstream: WebSocket, early: Array<[RawData, boolean]>): void {
  upstream.removeAllListeners('message');
  for (const [d, bin] of early) client.send(d, { binary: bin });
  upstream.on('message', (d, bin) => client.readyState === client.OPEN && client.send(d, { binary: bin }));
  client.on('message', (d, bin) => upstream.readyState === upstream.OPEN && upstream.send(d, { binary: bin }));
  upstream.on('close', (code, reason) => client.close(sendable(code), reason));
  client.on('close', (code, reason) => upstream.close(sendable(code), reason));
  upstream.on('error', () => client.terminate());
  client.on('error', () => upstream.terminate());
}

export function podExecUpgrade(ctx: ServerContext): UpgradeHandler {
  const chosen = new WeakMap<IncomingMessage, string>(); // the agent's protocol, answered to the client
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (_offered, req) => chosen.get(req) || false });
  return (req, socket, head) => {
    const [path = '', qs = ''] = (req.url ?? '').split('?');
    const m = PATH.exec(path);
    if (!m) return false;
    const [, ns, name, sub] = m.map((s) => decodeURIComponent(s ?? ''));
    void (async () => {
      if (sub === 'attach') throw errors.methodNotAllowed('attach is not served yet: use exec');
      const q = new URLSearchParams(qs);
      const b = podBackend(ctx, ns!, name!, q.get('container') ?? undefined);
      q.delete('container');
      const { authorization, protocols } = upgradeCredentials(req);
      const url = `wss://${b.host.includes(':') ? `[${b.host}]` : b.host}:${b.port}/exec/${[ns!, name!, b.container].map(encodeURIComponent).join('/')}?${q}`;
      const { ws: upstream, early } = await openUpstream(url, protocols, authorization, await dialAgent(b.host, b.port, b.fingerprint));
      if (socket.destroyed) return void upstream.terminate(); // the client gave up while we dialled
      chosen.set(req, upstream.protocol);
      wss.handleUpgrade(req, socket, head, (client) => relay(client, upstream, early));
    })().catch((e: unknown) => rejectUpgrade(socket, toStatusError(e).err));
    return true;
  };
}
