/**
 * Skiff's batch endpoints (not Kubernetes: upstream writes one object per request) share this:
 * a `<Kind>List` body, at most MAX_BATCH items, every item run through the same code as its
 * single endpoint and answered with that endpoint's Status, in order, in a `<Kind>ResultList`.
 * One item's failure never fails the others; a malformed list as a whole is a 400. All items
 * start in one event-loop turn, so their writes share one SQLite commit (storage/log-store.ts).
 */
import { errors, type Status } from '@skiff/api';
import { decodeJson } from '../../http/body.ts';
import { replyRaw, type JsonReply } from '../../http/reply.ts';
import { toStatusError } from '../../plugins/errors.ts';

/** Enough for a scheduler's burst; bounds one request's work and answer. */
export const MAX_BATCH = 1000;

/** An answer already serialized (a stored object's JSON): spliced in, not parsed again. */
export class RawJson {
  readonly json: string;
  constructor(json: string) {
    this.json = json;
  }
}

/** `run` answers an item with its Status, or (creates) the stored object as RawJson. */
export async function batchItems(body: unknown, kind: string, run: (item: Record<string, unknown>, index: number) => Promise<unknown>): Promise<JsonReply> {
  const list = decodeJson(body) as { kind?: unknown; items?: unknown } | null;
  const listKind = `${kind}List`;
  if (!list || typeof list !== 'object' || !Array.isArray(list.items)) throw errors.badRequest(`a ${listKind} with an items array is required`);
  if (list.kind !== undefined && list.kind !== listKind) throw errors.badRequest(`kind ${JSON.stringify(list.kind)} is not ${listKind}`);
  if (list.items.length > MAX_BATCH) throw errors.badRequest(`at most ${MAX_BATCH} items per request (got ${list.items.length})`);
  const results = await Promise.all(
    list.items.map(async (raw, i): Promise<unknown> => {
      try {
        return await run((raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>, i);
      } catch (e) {
        return toStatusError(e).err.toStatus();
      }
    }),
  );
  const items = results.map((r) => (r instanceof RawJson ? r.json : JSON.stringify(r))).join(',');
  return replyRaw(200, `{"kind":${JSON.stringify(`${kind}ResultList`)},"apiVersion":"skiff.dev/v1","metadata":{},"items":[${items}]}`);
}
