/**
 * What pods/exec and pods/portforward share on the way to a node agent: the caller's
 * credentials as the agent must see them, a Status answer on a socket not yet upgraded, and,
 * for port forwarding, a byte-level relay. Port-forward's SPDY runs end to end between the
 * client and the agent, so the api-server forwards the client's upgrade request itself (path
 * rewritten to the kubelet's, token as a header) and then copies bytes both ways: the
 * WebSocket tunnel of kubectl 1.31+ and the plain SPDY/3.1 upgrade of older clients alike,
 * and the agent's own refusal (a Status) reaches the client as the agent wrote it.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StatusError } from '@skiff/api';
import { dialAgent } from './agent-dial.ts';

const TOKEN_PROTOCOL = 'base64url.bearer.authorization.k8s.io.';

export function rejectUpgrade(socket: Duplex, err: StatusError): void {
  const body = JSON.stringify(err.toStatus());
  socket.end(`HTTP/1.1 ${err.code} ${err.reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/** The caller's token as a header (browsers send it as a subprotocol), and the other subprotocols. */
export function upgradeCredentials(req: IncomingMessage): { authorization: string | undefined; protocols: string[] } {
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const tokenProto = offered.find((p) => p.startsWith(TOKEN_PROTOCOL));
  const authorization = req.headers.authorization ?? (tokenProto ? `Bearer ${Buffer.from(tokenProto.slice(TOKEN_PROTOCOL.length), 'base64url').toString('utf8')}` : undefined);
  return { authorization, protocols: offered.filter((p) => !p.startsWith(TOKEN_PROTOCOL)) };
}

export interface AgentAddress {
  host: string;
  port: number;
  fingerprint: string;
}

const REPLACED = new Set(['host', 'authorization', 'sec-websocket-protocol']);

/** Send the client's upgrade request to `path` on the agent and join the two connections. */
export async function relayUpgradeBytes(req: IncomingMessage, socket: Duplex, head: Buffer, agent: AgentAddress, path: string): Promise<void> {
  const { authorization, protocols } = upgradeCredentials(req);
  const upstream = await dialAgent(agent.host, agent.port, agent.fingerprint);
  if (socket.destroyed) return void upstream.destroy(); // the client gave up while we dialled
  const lines = [`${req.method ?? 'GET'} ${path} HTTP/1.1`, `Host: ${agent.host.includes(':') ? `[${agent.host}]` : agent.host}:${agent.port}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (!REPLACED.has(req.rawHeaders[i]!.toLowerCase())) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  }
  if (authorization) lines.push(`Authorization: ${authorization}`);
  if (protocols.length) lines.push(`Sec-WebSocket-Protocol: ${protocols.join(', ')}`);
  upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (head.length) upstream.write(head);
  const broken = (): void => {
    socket.destroy();
    upstream.destroy();
  };
  socket.on('error', broken);
  upstream.on('error', broken);
  // A side that goes away without a FIN (destroyed) still ends the other, after what it wrote.
  socket.once('close', () => upstream.end());
  upstream.once('close', () => socket.end());
  socket.pipe(upstream);
  upstream.pipe(socket);
}
