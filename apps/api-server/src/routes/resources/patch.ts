/**
 * PATCH in the four content types clients send (k8s-api.md 2.7): JSON merge, JSON patch,
 * strategic merge (kubectl's default) and server-side apply, which creates when absent.
 */
import {
  apiVersionOf,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  errors,
  nowRfc3339,
  type KubeObject,
  type ManagedFieldsEntry,
  StatusError,
} from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { decodeJson, decodeObject } from '../../http/body.ts';
import { bool, fieldValidation, str } from '../../http/query.ts';
import type { JsonReply } from '../../http/reply.ts';
import { fieldSet, removeDropped, type FieldsV1 } from '../../apply/field-set.ts';
import { createPrepared } from './create.ts';
import type { ResourceRequest } from './request.ts';
import { checkUnknownFields } from './unknown-fields.ts';
import { fieldManager, updateWith } from './update.ts';
import { applyConflicts, conflictCauses, takeOver } from '../../apply/ownership.ts';
import { sameJson } from '../../registry/strategy.ts';

const TYPES = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'unsupported',
} as const;

export async function patchObject(ctx: ServerContext, req: ResourceRequest & { name: string }): Promise<JsonReply> {
  const ct = req.contentType.split(';')[0]!.trim().toLowerCase();
  const kind = TYPES[ct as keyof typeof TYPES];
  if (!kind || kind === 'unsupported') throw errors.unsupportedMediaType(ct || '<none>');
  if (kind === 'apply') return applyObject(ctx, req);
  const patch = decodeJson(req.body);
  const mode = fieldValidation(req.query);
  return updateWith(ctx, req, (current) => {
    const base = structuredClone(current) as KubeObject;
    let next: KubeObject;
    if (kind === 'json') {
      if (!Array.isArray(patch)) throw errors.badRequest('json patch must be an array of operations');
      next = applyJsonPatch(base, patch) as KubeObject;
    } else {
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw errors.badRequest('patch body must be a JSON object');
      next = (kind === 'merge' ? applyMergePatch(base, patch) : applyStrategicMergePatch(base, patch, req.type.schema)) as KubeObject;
    }
    if (!next || typeof next !== 'object' || !next.metadata || typeof next.metadata !== 'object') {
      throw errors.badRequest('the patch removed metadata; objects must keep their metadata');
    }
    // A patch may not rename or move the object; the RV it carries (if any) is a precondition.
    const patchedRv = (patch as { metadata?: { resourceVersion?: unknown } }).metadata?.resourceVersion;
    if (kind !== 'json' && patchedRv === undefined) delete next.metadata.resourceVersion;
    if (kind === 'json' && next.metadata.resourceVersion === current.metadata.resourceVersion) delete next.metadata.resourceVersion;
    next.apiVersion = apiVersionOf(req.type);
    next.kind = req.type.kind;
    checkUnknownFields(req.type, next, mode, req.warnings);
    return next;
  }, undefined, { manager: fieldManager(req) });
}

function withoutManaged(o: KubeObject): unknown {
  const { managedFields: _m, resourceVersion: _r, ...meta } = o.metadata;
  return { ...o, metadata: meta };
}

async function applyObject(ctx: ServerContext, req: ResourceRequest & { name: string }): Promise<JsonReply> {
  const manager = str(req.query, 'fieldManager');
  if (!manager) {
    throw errors.invalid('PatchOptions', 'meta.k8s.io', '', [
      { reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' },
    ]);
  }
  const applied = decodeObject(req.body, apiVersionOf(req.type), req.type.kind, true);
  if (applied.metadata.name && applied.metadata.name !== req.name) {
    throw errors.badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${req.name})`);
  }
  checkUnknownFields(req.type, applied, fieldValidation(req.query), req.warnings);
  const intent = fieldSet(applied, req.type.schema);
  const entry = (): ManagedFieldsEntry => ({
    manager,
    operation: 'Apply',
    apiVersion: apiVersionOf(req.type),
    time: nowRfc3339(ctx.now()),
    fieldsType: 'FieldsV1',
    fieldsV1: intent,
    ...(req.subresource ? { subresource: req.subresource } : {}),
  });
  const force = bool(req.query, 'force');
  return updateWith(
    ctx,
    req,
    (current) => {
      const base = structuredClone(current) as KubeObject;
      const mine = (base.metadata.managedFields ?? []).find((m) => m.manager === manager && m.operation === 'Apply');
      const merged = applyStrategicMergePatch(base, structuredClone(applied), req.type.schema) as KubeObject;
      if (mine?.fieldsV1) removeDropped(merged, mine.fieldsV1 as FieldsV1, intent);
      // From the clone: the stored object is frozen, and later steps normalise these entries in place.
      const conflicts = applyConflicts(current as KubeObject, applied, intent, manager);
      if (conflicts.length > 0 && !force) {
        const { message, causes } = conflictCauses(conflicts);
        throw new StatusError(409, 'Conflict', message, { name: req.name, group: req.type.group, kind: req.type.plural, causes });
      }
      const others = takeOver(base.metadata.managedFields ?? [], force ? intent : {}, manager);
      // Re-applying the same intent to an unchanged object is a no-op (no new revision), as upstream:
      // keep this manager's entry, timestamp included, when neither the object nor its field set moved.
      const unchanged = mine !== undefined && sameJson(mine.fieldsV1, intent) && sameJson(withoutManaged(merged), withoutManaged(base));
      merged.metadata.managedFields = unchanged ? base.metadata.managedFields : [...others, entry()];
      if (applied.metadata.resourceVersion === undefined) delete merged.metadata.resourceVersion;
      return merged;
    },
    async () => {
      const obj = structuredClone(applied);
      obj.metadata.name = req.name;
      obj.metadata.managedFields = [entry()];
      return createPrepared(ctx, req, obj);
    },
  );
}
