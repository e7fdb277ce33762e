/**
 * DELETE one object. Finalizers, graceful pod deletion and the propagation policy decide
 * whether the object goes now or is only marked (deletionTimestamp) until the responsible
 * controller or node agent finishes. The policy is recorded the way upstream records it:
 * Foreground → finalizer `foregroundDeletion`, Orphan → finalizer `orphan`, Background → none
 * (the garbage collector removes dependents of a vanished owner).
 */
import { errors, nowRfc3339, type KubeObject } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { decodeJson } from '../../http/body.ts';
import { dryRun, int, str } from '../../http/query.ts';
import { reply, replyRaw, type JsonReply } from '../../http/reply.ts';
import { finishDeletionIfReady } from './finalize.ts';
import { keyFor } from './names.ts';
import type { ResourceRequest } from './request.ts';
import { storeCall } from './store-errors.ts';
import { deleteNamespaceContents } from './namespace-deletion.ts';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export function deleteOptions(req: ResourceRequest): DeleteOptions {
  const opts: DeleteOptions = {};
  if (typeof req.body === 'string' && req.body.trim() !== '') {
    const b = decodeJson(req.body);
    if (b === null || typeof b !== 'object' || Array.isArray(b)) throw errors.badRequest('DeleteOptions must be a JSON object');
    const o = b as Record<string, unknown>;
    if (o['gracePeriodSeconds'] !== undefined && o['gracePeriodSeconds'] !== null) {
      if (typeof o['gracePeriodSeconds'] !== 'number' || !Number.isInteger(o['gracePeriodSeconds'])) throw errors.badRequest('gracePeriodSeconds must be an integer');
      opts.gracePeriodSeconds = o['gracePeriodSeconds'];
    }
    if (o['propagationPolicy'] !== undefined && o['propagationPolicy'] !== null) opts.propagationPolicy = o['propagationPolicy'] as never;
    if (o['orphanDependents'] === true) opts.propagationPolicy = 'Orphan';
    if (o['preconditions'] && typeof o['preconditions'] === 'object') opts.preconditions = o['preconditions'] as DeleteOptions['preconditions'] & object;
  }
  const g = int(req.query, 'gracePeriodSeconds');
  if (g !== undefined) opts.gracePeriodSeconds = g;
  const p = str(req.query, 'propagationPolicy');
  if (p) opts.propagationPolicy = p as never;
  if (opts.propagationPolicy && !['Background', 'Foreground', 'Orphan'].includes(opts.propagationPolicy)) {
    throw errors.badRequest(`propagationPolicy: Unsupported value: "${String(opts.propagationPolicy)}": supported values: "Foreground", "Background", "Orphan"`);
  }
  if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0) opts.gracePeriodSeconds = 0;
  return opts;
}

/** Pods bound to a node terminate gracefully; everything else has no grace period. */
function gracePeriod(obj: Readonly<KubeObject>, opts: DeleteOptions): number {
  if (obj.kind !== 'Pod' || obj.apiVersion !== 'v1') return 0;
  const spec = obj.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
  const status = obj.status as { phase?: string } | undefined;
  if (!spec?.nodeName) return 0; // never scheduled: nothing to stop
  if (status?.phase === 'Succeeded' || status?.phase === 'Failed') return 0;
  return opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
}

export async function deleteObject(ctx: ServerContext, req: ResourceRequest & { name: string }, opts = deleteOptions(req)): Promise<JsonReply> {
  const type = req.type;
  const key = keyFor(type, req.namespace, req.name);
  // Accepted-but-uncommitted writes included (Store.latest): two deletes in one turn must not conflict.
  const current = ctx.store.latest ? ctx.store.latest(key) : ctx.store.get(key);
  if (!current) throw errors.notFound(type.plural, type.group, req.name);
  const pre = opts.preconditions;
  if (pre?.uid && pre.uid !== current.object.metadata.uid) {
    throw errors.conflict(type.plural, type.group, req.name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.object.metadata.uid ?? ''}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== String(current.revision)) {
    throw errors.conflict(type.plural, type.group, req.name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.revision}`);
  }
  const next = structuredClone(current.object) as KubeObject;
  const meta = next.metadata;
  const finalizers = new Set(meta.finalizers ?? []);
  if (opts.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
  if (opts.propagationPolicy === 'Orphan') finalizers.add('orphan');
  if (type.plural === 'namespaces' && type.group === '') finalizers.add('kubernetes');
  const grace = gracePeriod(current.object, opts);
  const alreadyDeleting = !!meta.deletionTimestamp;
  if (finalizers.size === 0 && grace === 0) {
    if (dryRun(req.query)) return replyRaw(200, current.json);
    const gone = await storeCall(type, req.name, () => ctx.store.delete(key, current.revision));
    return replyRaw(200, gone.json);
  }
  // Mark for deletion. A second delete may shorten the grace period, never lengthen it.
  const prevGrace = meta.deletionGracePeriodSeconds;
  const newGrace = alreadyDeleting && prevGrace !== undefined ? Math.min(prevGrace, grace) : grace;
  if (!alreadyDeleting || newGrace !== prevGrace) {
    meta.deletionTimestamp = nowRfc3339(ctx.now() + newGrace * 1000);
  }
  meta.deletionGracePeriodSeconds = newGrace;
  meta.finalizers = [...finalizers];
  if (type.plural === 'namespaces' && type.group === '') (next.status as Record<string, unknown> | undefined) ?? (next.status = {});
  if (type.plural === 'namespaces' && type.group === '') (next.status as Record<string, unknown>)['phase'] = 'Terminating';
  if (dryRun(req.query)) return reply(200, next);
  const stored = await storeCall(type, req.name, () => ctx.store.update(key, next, current.revision));
  if (type.plural === 'namespaces' && type.group === '') {
    void deleteNamespaceContents(ctx, req.name).catch((e: unknown) => ctx.log.error({ err: e, namespace: req.name }, 'namespace cleanup failed'));
  }
  const finished = await finishDeletionIfReady(ctx, type, key, stored);
  return replyRaw(200, finished.json);
}
