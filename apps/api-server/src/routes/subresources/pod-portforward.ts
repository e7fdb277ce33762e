/**
 * pods/<name>/portforward: an UpgradeHandler for the websocket plugin. The pod must exist, be
 * Running and be bound to a node whose agent published its endpoint; failures are Status
 * answers in kubectl's words. Then the client's upgrade (kubectl 1.31+'s WebSocket tunnel
 * `SPDY/3.1+portforward.k8s.io`, or the plain SPDY/3.1 upgrade it falls back to) is relayed
 * byte for byte to the agent's /portForward/<namespace>/<pod> (node-agent
 * server/portforward-route.ts), which speaks the SPDY end.
 */
import { errors } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { toStatusError } from '../../plugins/errors.ts';
import type { UpgradeHandler } from '../../plugins/websocket.ts';
import { getPod, nodeEndpoint } from './pod-backend.ts';
import { rejectUpgrade, relayUpgradeBytes } from './upgrade-relay.ts';

const PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/;

export function podPortForwardUpgrade(ctx: ServerContext): UpgradeHandler {
  return (req, socket, head) => {
    const m = PATH.exec((req.url ?? '').split('?')[0] ?? '');
    if (!m) return false;
    const [ns, name] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
    void (async () => {
      const pod = getPod(ctx, ns, name);
      const phase = pod.status?.phase ?? 'Pending';
      if (phase !== 'Running') throw errors.badRequest(`unable to forward port because pod is not running. Current status=${phase}`);
      const nodeName = pod.spec?.nodeName;
      if (!nodeName) throw errors.badRequest(`pod ${name} does not have a host assigned`);
      await relayUpgradeBytes(req, socket, head, nodeEndpoint(ctx, nodeName), `/portForward/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`);
    })().catch((e: unknown) => rejectUpgrade(socket, toStatusError(e).err));
    return true;
  };
}
