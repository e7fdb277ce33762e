/**
 * /portForward/{namespace}/{pod}[/{uid}], the kubelet's path: the pod's sandbox is found
 * before the upgrade (a missing pod is a Status the api-server passes on), then the connection
 * becomes a SPDY session served by port-forwarder.ts. Two upgrades are spoken: the WebSocket
 * tunnel kubectl 1.31+ uses (`SPDY/3.1+portforward.k8s.io`, relayed by the api-server) and,
 * for older clients, the plain HTTP upgrade to SPDY/3.1 (apimachinery httpstream/spdy).
 *
 * Connections go to the sandbox's address (or a sandbox-less pod's own) on the pod network, which every container of the
 * pod shares; a host-network pod has none and is reached on the node's loopback.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Logger } from '@skiff/logging';
import { PORTFORWARD_PROTOCOL, PORTFORWARD_WEBSOCKET_PROTOCOL } from '@skiff/client/spdy/portforward';
import { SpdySession } from '@skiff/client/spdy/session';
import { socketTransport, websocketTransport } from '@skiff/client/spdy/transport';
import { acceptLooseProtocol } from '@skiff/client/spdy/ws-protocol';
import { isSandbox, podIpOf, LABEL_NODE, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID } from '../runtime/labels.ts';
import type { ContainerRuntime } from '../runtime/runtime.ts';
import { AgentError } from './errors.ts';
import { servePortForward, type ForwardTarget } from './port-forwarder.ts';

const PATH = /^\/portForward\/([^/]+)\/([^/]+)(?:\/[^/]+)?$/;

export interface PodRef {
  namespace: string;
  pod: string;
}

export function portForwardRef(url: string | undefined): PodRef | undefined {
  const m = PATH.exec(new URL(url ?? '/', 'https://agent').pathname);
  return m ? { namespace: decodeURIComponent(m[1]!), pod: decodeURIComponent(m[2]!) } : undefined;
}

export async function findForwardTarget(runtime: ContainerRuntime, nodeName: string, ref: PodRef): Promise<ForwardTarget> {
  const all = await runtime.listContainers({ [LABEL_NODE]: nodeName, [LABEL_POD_NAMESPACE]: ref.namespace, [LABEL_POD_NAME]: ref.pod });
  if (all.length === 0) throw new AgentError(404, 'NotFound', `pod "${ref.pod}" in namespace "${ref.namespace}" is not running on this node`);
  const newestUid = [...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!.labels[LABEL_POD_UID];
  // The sandbox's address, or, for a one-container pod without one (pods/pod-network.ts), its running container's.
  const holder = all.find((c) => c.labels[LABEL_POD_UID] === newestUid && c.state === 'running' && (isSandbox(c) || !!podIpOf(c)));
  if (!holder) throw new AgentError(400, 'BadRequest', `pod "${ref.pod}" in namespace "${ref.namespace}" has no running sandbox on this node`);
  return { sandboxId: holder.id, ip: holder.ip ?? podIpOf(holder) ?? '127.0.0.1' };
}

export interface PortForwardDeps {
  runtime: ContainerRuntime;
  nodeName: string;
  log: Logger;
}

export interface PortForwardUpgrade {
  handle(req: IncomingMessage, socket: Duplex, head: Buffer, ref: PodRef): Promise<void>;
  close(): void;
}

const offered = (req: IncomingMessage, header: string): string[] => String(req.headers[header] ?? '').split(',').map((p) => p.trim()).filter(Boolean);

export function portForwardUpgrade(d: PortForwardDeps): PortForwardUpgrade {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: () => PORTFORWARD_WEBSOCKET_PROTOCOL }); // checked before the upgrade (acceptLooseProtocol)
  const raw = new Set<Duplex>();
  const log = d.log.child({ route: 'portForward' });
  return {
    async handle(req, socket, head, ref) {
      const target = await findForwardTarget(d.runtime, d.nodeName, ref);
      if (String(req.headers.upgrade).toLowerCase() === 'spdy/3.1') {
        const versions = offered(req, 'x-stream-protocol-version');
        if (versions.length && !versions.includes(PORTFORWARD_PROTOCOL)) throw new AgentError(403, 'Forbidden', `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(versions)}, server accepts ["${PORTFORWARD_PROTOCOL}"]`);
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORTFORWARD_PROTOCOL}\r\n\r\n`);
        if (head.length) socket.unshift(head);
        raw.add(socket);
        socket.once('close', () => raw.delete(socket));
        return servePortForward(new SpdySession(socketTransport(socket), { server: true }), target, log);
      }
      const protocols = offered(req, 'sec-websocket-protocol');
      if (!acceptLooseProtocol(req, PORTFORWARD_WEBSOCKET_PROTOCOL)) {
        throw new AgentError(400, 'BadRequest', `unsupported streaming protocols ${JSON.stringify(protocols)}: port forwarding speaks ${PORTFORWARD_WEBSOCKET_PROTOCOL} or an upgrade to SPDY/3.1`);
      }
      wss.handleUpgrade(req, socket, head, (ws) => servePortForward(new SpdySession(websocketTransport(ws), { server: true }), target, log));
    },
    close() {
      for (const c of wss.clients) c.terminate();
      for (const s of raw) s.destroy();
    },
  };
}
