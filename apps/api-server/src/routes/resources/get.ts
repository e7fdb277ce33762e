/** GET one object (JSON or a one-row Table). */
import { errors } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { TABLE_CONTENT_TYPE } from '../../http/accept.ts';
import { reply, replyRaw, type JsonReply } from '../../http/reply.ts';
import { keyFor } from './names.ts';
import type { ResourceRequest } from './request.ts';
import { includeObjectFrom, toTable } from './table.ts';

export function getObject(ctx: ServerContext, req: ResourceRequest & { name: string }): JsonReply {
  const stored = ctx.store.get(keyFor(req.type, req.namespace, req.name));
  if (!stored) throw errors.notFound(req.type.plural, req.type.group, req.name);
  if (req.accept.table) {
    const table = toTable(req.type, [stored.object], { resourceVersion: String(stored.revision) }, ctx.now(), includeObjectFrom(req.query));
    return reply(200, table, { 'content-type': TABLE_CONTENT_TYPE });
  }
  return replyRaw(200, stored.json);
}
