/**
 * Verb dispatch for resource URLs: method + (collection | object | subresource) → handler.
 * Anything a kind does not support is a 405 MethodNotAllowed or 404 NotFound Status.
 */
import { errors } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { bool } from '../../http/query.ts';
import type { JsonReply } from '../../http/reply.ts';
import { bindPod } from '../subresources/binding.ts';
import { evictPod } from '../subresources/eviction.ts';
import { execWithoutUpgrade } from '../subresources/pod-exec-fallback.ts';
import { scaleSubresource } from '../subresources/scale.ts';
import { createObject } from './create.ts';
import { deleteObject } from './delete.ts';
import { deleteCollection } from './delete-collection.ts';
import { getObject } from './get.ts';
import { listObjects } from './list.ts';
import { patchObject } from './patch.ts';
import type { ResourceRequest } from './request.ts';
import { updateObject } from './update.ts';
import { answerReview, isReview } from './reviews.ts';
import { bindFromCollection } from '../subresources/binding.ts';
import { isMetricsRequest, serveMetrics } from '../metrics/serve.ts';

export type Dispatched = { reply: JsonReply } | { watch: true };

export function verbOf(method: string, req: ResourceRequest): string {
  if (req.name === undefined) {
    if (method === 'GET') return bool(req.query, 'watch') ? 'watch' : 'list';
    if (method === 'POST') return 'create';
    if (method === 'DELETE') return 'deletecollection';
  } else {
    if (method === 'GET') return bool(req.query, 'watch') ? 'watch' : 'get';
    if (method === 'PUT') return 'update';
    if (method === 'PATCH') return 'patch';
    if (method === 'DELETE') return 'delete';
    if (method === 'POST' && req.subresource) return 'create';
  }
  return 'unsupported';
}

export async function dispatch(ctx: ServerContext, method: string, req: ResourceRequest): Promise<JsonReply> {
  const { type } = req;
  if (type.namespaced && req.namespace === undefined && req.name !== undefined) {
    throw errors.notFound(type.plural, type.group, req.name);
  }
  const verb = verbOf(method, req);
  if (verb === 'unsupported' || (!req.subresource && !type.verbs.includes(verb))) {
    throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
  }
  // metrics.k8s.io is read-only and asked of the node agents, never stored (routes/metrics).
  if (isMetricsRequest(req) && !req.subresource) return serveMetrics(ctx, req);
  if (req.name === undefined) {
    if (verb === 'list') return listObjects(ctx, req);
    if (verb === 'create' && isReview(req)) return answerReview(req);
    if (verb === 'create' && type.group === '' && type.plural === 'bindings') return bindFromCollection(ctx, req);
    if (verb === 'create') return createObject(ctx, req);
    return deleteCollection(ctx, req);
  }
  const named = req as ResourceRequest & { name: string };
  const sub = req.subresource;
  if (sub === undefined) {
    if (verb === 'get') return getObject(ctx, named);
    if (verb === 'update') return updateObject(ctx, named);
    if (verb === 'patch') return patchObject(ctx, named);
    return deleteObject(ctx, named);
  }
  if (!(type.subresources as string[]).includes(sub)) throw errors.notFound(`${type.plural}/${sub}`, type.group, req.name);
  if (sub === 'status') {
    if (verb === 'get') return getObject(ctx, named);
    if (verb === 'update') return updateObject(ctx, named);
    if (verb === 'patch') return patchObject(ctx, named);
  }
  if (sub === 'scale' && (verb === 'get' || verb === 'update' || verb === 'patch')) return scaleSubresource(ctx, named, method);
  if (sub === 'binding' && method === 'POST') return bindPod(ctx, named);
  if (sub === 'eviction' && method === 'POST' && type.plural === 'pods') return evictPod(ctx, named);
  // exec/attach are WebSocket upgrades (subresources/pod-exec.ts); here only their failures. log streams from app.ts.
  if ((sub === 'exec' || sub === 'attach') && type.plural === 'pods' && (method === 'GET' || method === 'POST')) return execWithoutUpgrade(ctx, named);
  // portforward is an upgrade too (subresources/pod-portforward.ts, WebSocket or SPDY): a plain request is the kubelet's 400.
  if (sub === 'portforward' && type.plural === 'pods' && (method === 'GET' || method === 'POST')) throw errors.badRequest('Upgrade request required');
  throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
}
