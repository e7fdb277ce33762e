/** DELETE on a collection: every object the selectors match, one by one, as upstream does. */
import { apiVersionOf } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { reply, type JsonReply } from '../../http/reply.ts';
import { deleteObject, deleteOptions } from './delete.ts';
import { prefixFor } from './names.ts';
import type { ResourceRequest } from './request.ts';
import { selectionFromQuery } from './selection.ts';

export async function deleteCollection(ctx: ServerContext, req: ResourceRequest): Promise<JsonReply> {
  const opts = deleteOptions(req);
  const pred = selectionFromQuery(req.type, req.query);
  const { items, revision } = ctx.store.list(prefixFor(req.type, req.namespace));
  const deleted: string[] = [];
  for (const s of items) {
    if (pred && !pred(s.object)) continue;
    const name = s.object.metadata.name!;
    const res = await deleteObject(ctx, { ...req, namespace: s.object.metadata.namespace, name }, opts).catch(() => undefined);
    if (res) deleted.push(res.json);
  }
  const body = `{"kind":${JSON.stringify(req.type.listKind)},"apiVersion":${JSON.stringify(apiVersionOf(req.type))},"metadata":{"resourceVersion":"${revision}"},"items":[${deleted.join(',')}]}`;
  return { ...reply(200, null), json: body };
}
