/**
 * pods/<name>/exec or attach reached without a WebSocket upgrade: kubectl's SPDY fallback
 * (a POST after a failed upgrade) or a plain GET. The same checks as the upgrade run first,
 * so the user sees why the upgrade failed (no container, agent unreachable) rather than a
 * complaint about SPDY, which Skiff does not speak.
 */
import { errors } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { str } from '../../http/query.ts';
import type { JsonReply } from '../../http/reply.ts';
import type { ResourceRequest } from '../resources/request.ts';
import { dialAgent } from './agent-dial.ts';
import { podBackend } from './pod-backend.ts';

export async function execWithoutUpgrade(ctx: ServerContext, rr: ResourceRequest & { name: string }): Promise<JsonReply> {
  const b = podBackend(ctx, rr.namespace!, rr.name, str(rr.query, 'container'));
  (await dialAgent(b.host, b.port, b.fingerprint)).destroy();
  throw errors.badRequest(`Upgrade request required: ${rr.subresource} is served over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io) only, not SPDY`);
}
