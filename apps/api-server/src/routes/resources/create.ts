/** POST: create (201), dry-run, generateName; also the create half of server-side apply. */
import { errors, type KubeObject } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { decodeObject } from '../../http/body.ts';
import { dryRun, fieldValidation } from '../../http/query.ts';
import { reply, replyRaw, type JsonReply } from '../../http/reply.ts';
import { prepareCreate } from '../../registry/strategy.ts';
import { keyFor } from './names.ts';
import { admitNamespace } from './namespace-lifecycle.ts';
import type { ResourceRequest } from './request.ts';
import { storeCall } from './store-errors.ts';
import { checkUnknownFields } from './unknown-fields.ts';
import { apiVersionOf } from '@skiff/api';

export async function createObject(ctx: ServerContext, req: ResourceRequest): Promise<JsonReply> {
  const obj = decodeObject(req.body, apiVersionOf(req.type), req.type.kind);
  checkUnknownFields(req.type, obj, fieldValidation(req.query), req.warnings);
  return createPrepared(ctx, req, obj);
}

export async function createPrepared(ctx: ServerContext, req: ResourceRequest, obj: KubeObject): Promise<JsonReply> {
  const type = req.type;
  if (!obj.metadata.name && !obj.metadata.generateName) {
    throw errors.invalid(type.kind, type.group, '', [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
  }
  prepareCreate(type, obj, req.namespace, ctx.now());
  admitNamespace(ctx, type, req.namespace);
  const name = obj.metadata.name!;
  if (dryRun(req.query)) {
    if (ctx.store.get(keyFor(type, req.namespace, name))) throw errors.alreadyExists(type.plural, type.group, name);
    return reply(201, obj);
  }
  const stored = await storeCall(type, name, () => ctx.store.create(keyFor(type, req.namespace, name), obj));
  return replyRaw(201, stored.json);
}
