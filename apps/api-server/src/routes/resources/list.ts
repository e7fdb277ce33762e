/**
 * LIST from the in-memory current state: selectors, limit/continue over a consistent snapshot
 * (continue-tokens.ts), resourceVersion/resourceVersionMatch semantics, Table output. The list
 * body is assembled from the stored JSON strings, so no object is serialised again.
 */
import { apiVersionOf, errors, StatusError } from '@skiff/api';
import type { Stored } from '@skiff/storage';
import type { ServerContext } from '../../context.ts';
import { TABLE_CONTENT_TYPE } from '../../http/accept.ts';
import { int, str } from '../../http/query.ts';
import { reply, replyRaw, type JsonReply } from '../../http/reply.ts';
import { prefixFor } from './names.ts';
import type { ResourceRequest } from './request.ts';
import { selectionFromQuery } from './selection.ts';
import { includeObjectFrom, toTable } from './table.ts';

const EXPIRED_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';

export function checkListResourceVersion(ctx: ServerContext, q: ResourceRequest['query']): void {
  const rv = str(q, 'resourceVersion');
  const match = str(q, 'resourceVersionMatch');
  if (match !== undefined && match !== '') {
    if (match !== 'NotOlderThan' && match !== 'Exact') {
      throw errors.badRequest(`resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`);
    }
    if (rv === undefined || rv === '') throw errors.badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  }
  if (rv === undefined || rv === '' || rv === '0') return;
  if (!/^\d+$/.test(rv)) throw errors.badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  const n = Number(rv);
  if (n > ctx.store.revision) {
    // Upstream waits up to 3 s for the cache to catch up, then answers 504 Timeout; our store is never behind.
    throw new StatusError(504, 'Timeout', `Too large resource version: ${n}, current resource version: ${ctx.store.revision}`, { retryAfterSeconds: 1 });
  }
}

/** resourceVersion=N&resourceVersionMatch=Exact names a past snapshot (served from the log). */
function exactRevision(q: ResourceRequest['query']): number | undefined {
  const rv = str(q, 'resourceVersion');
  return str(q, 'resourceVersionMatch') === 'Exact' && rv && rv !== '0' ? Number(rv) : undefined;
}

export function listObjects(ctx: ServerContext, req: ResourceRequest): JsonReply {
  const q = req.query;
  const limit = int(q, 'limit');
  if (limit !== undefined && limit < 0) throw errors.badRequest('limit must be a non-negative integer');
  const cont = str(q, 'continue');
  let items: Stored[];
  let revision: number;
  let offset = 0;
  if (cont) {
    const loaded = ctx.continueTokens.load(cont, ctx.now());
    if (loaded === 'malformed') throw errors.badRequest(`continue key is not valid: ${cont}`);
    if (loaded === 'expired') throw errors.expired(EXPIRED_CONTINUE);
    ({ items, revision, offset } = loaded);
  } else {
    checkListResourceVersion(ctx, q);
    const pred = selectionFromQuery(req.type, q);
    const exact = exactRevision(q);
    let res = ctx.store.list(prefixFor(req.type, req.namespace));
    if (exact !== undefined && exact !== res.revision) {
      const past = ctx.store.listAt?.(prefixFor(req.type, req.namespace), exact);
      if (!past) throw errors.expired(`too old resource version: ${exact} (${ctx.store.compactedRevision})`);
      res = past;
    }
    revision = res.revision;
    items = pred ? res.items.filter((s) => pred(s.object)) : res.items;
  }
  const end = limit && limit > 0 ? Math.min(items.length, offset + limit) : items.length;
  const page = offset === 0 && end === items.length ? items : items.slice(offset, end);
  const meta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: String(revision) };
  if (end < items.length) {
    meta.continue = ctx.continueTokens.save(items, revision, end, ctx.now());
    meta.remainingItemCount = items.length - end;
  }
  if (req.accept.table) {
    const table = toTable(req.type, page.map((s) => s.object), meta, ctx.now(), includeObjectFrom(q));
    return reply(200, table, { 'content-type': TABLE_CONTENT_TYPE });
  }
  const head = `{"kind":${JSON.stringify(req.type.listKind)},"apiVersion":${JSON.stringify(apiVersionOf(req.type))},"metadata":${JSON.stringify(meta)},"items":[`;
  if (page.length <= SMALL_LIST) {
    let body = head;
    for (let i = 0; i < page.length; i++) body += (i === 0 ? '' : ',') + page[i]!.json;
    return replyRaw(200, body + ']}');
  }
  return {
    code: 200,
    json: '',
    pieces: function* () {
      yield head;
      for (let i = 0; i < page.length; i++) yield i === 0 ? page[i]!.json : ',' + page[i]!.json;
      yield ']}';
    },
  };
}

/** Up to this many items a list is answered as one string; beyond, it is streamed. */
const SMALL_LIST = 200;
