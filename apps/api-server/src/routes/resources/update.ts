/**
 * PUT (main resource or /status) and the shared read-modify-write loop used by PATCH.
 * Optimistic concurrency: a resourceVersion in the body must equal the stored one (409
 * otherwise); without one the write is unconditional, but still atomic: the store checks the
 * revision we read, and we retry the read-modify-write when someone else wrote in between.
 */
import { apiVersionOf, errors, nowRfc3339, type KubeObject } from '@skiff/api';
import { recordUpdate } from '../../apply/ownership.ts';
import type { Stored } from '@skiff/storage';
import type { ServerContext } from '../../context.ts';
import { decodeObject } from '../../http/body.ts';
import { dryRun, fieldValidation, str } from '../../http/query.ts';
import { reply, replyRaw, type JsonReply } from '../../http/reply.ts';
import { prepareUpdate, sameJson } from '../../registry/strategy.ts';
import { finishDeletionIfReady } from './finalize.ts';
import { keyFor } from './names.ts';
import type { ResourceRequest } from './request.ts';
import { StoreError } from '@skiff/storage';
import { mapStoreError } from './store-errors.ts';
import { checkUnknownFields } from './unknown-fields.ts';

/** Who makes an Update, for managedFields: ?fieldManager=, else the client's name from its User-Agent. */
export function fieldManager(req: ResourceRequest): string {
  const m = str(req.query, 'fieldManager');
  if (m) return m;
  const ua = req.userAgent ?? '';
  return ua.split('/')[0] || 'unknown';
}

export type Mutation = (current: Readonly<KubeObject>) => KubeObject;

const MAX_RETRIES = 5;

export async function updateWith(
  ctx: ServerContext,
  req: ResourceRequest & { name: string },
  mutate: Mutation,
  onMissing?: () => Promise<JsonReply>,
  /** withStatus: the mutation also sets status (pods/binding sets PodScheduled, as upstream). */
  opts: { validateUpdate?: boolean; manager?: string; withStatus?: boolean } = {},
): Promise<JsonReply> {
  const type = req.type;
  const key = keyFor(type, req.namespace, req.name);
  const sub = req.subresource === 'status' ? 'status' : undefined;
  for (let attempt = 0; ; attempt++) {
    // Accepted-but-uncommitted writes included: see Store.latest.
    const current = ctx.store.latest ? ctx.store.latest(key) : ctx.store.get(key);
    if (!current) {
      if (onMissing) return onMissing();
      throw errors.notFound(type.plural, type.group, req.name);
    }
    const next = mutate(current.object);
    const wantRv = next.metadata.resourceVersion;
    if (wantRv !== undefined && wantRv !== '' && wantRv !== String(current.revision)) {
      throw errors.conflict(type.plural, type.group, req.name);
    }
    const status = opts.withStatus ? next.status : undefined;
    const prepared = prepareUpdate(type, next, current.object as KubeObject, sub, opts.validateUpdate ?? true);
    if (status !== undefined) prepared.status = status;
    prepared.metadata.resourceVersion = String(current.revision);
    if (opts.manager) recordUpdate(current.object as KubeObject, prepared, type.schema, opts.manager, nowRfc3339(ctx.now()), sub);
    if (sameJson(prepared, current.object)) return replyRaw(200, current.json); // no-op: no new revision
    if (dryRun(req.query)) return reply(200, prepared);
    try {
      const stored: Stored = await ctx.store.update(key, prepared, current.revision);
      const finished = await finishDeletionIfReady(ctx, type, key, stored);
      return replyRaw(200, finished.json);
    } catch (e) {
      const explicit = wantRv !== undefined && wantRv !== '';
      if (e instanceof StoreError && e.code === 'Conflict' && !explicit && attempt < MAX_RETRIES) continue;
      throw mapStoreError(e, type, req.name);
    }
  }
}

export async function updateObject(ctx: ServerContext, req: ResourceRequest & { name: string }): Promise<JsonReply> {
  const obj = decodeObject(req.body, apiVersionOf(req.type), req.type.kind);
  checkUnknownFields(req.type, obj, fieldValidation(req.query), req.warnings);
  if (obj.metadata.name && obj.metadata.name !== req.name) {
    throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${req.name})`);
  }
  return updateWith(ctx, req, () => structuredClone(obj), undefined, { manager: fieldManager(req) });
}
