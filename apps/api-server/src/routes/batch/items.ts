/**
 * Skiff's batch endpoints (not Kubernetes: upstream writes one object per request) share this:
 * a `<Kind>List` body, at most MAX_BATCH items, every item run through the same code as its
 * single endpoint and answered with that endpoint's Status, in order, in a `<Kind>ResultList`.
 * One item's failure never fails the others; a malformed list as a whole is a 400. All items
 * start in one event-loop turn, so their writes share one SQLite commit (storage/log-store.ts).
 */
import { errors, isDNS1123Label, isDNS1123Subdomain, type Status } from '@skiff/api';
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

/** A namespace and name on every item, both valid: the single endpoint has them from its URL. */
export function itemIdentity(kind: string, i: number, meta: { name?: unknown; namespace?: unknown } | undefined): { namespace: string; name: string } {
  const ns = meta?.namespace;
  const name = meta?.name;
  const field = `items[${i}].metadata`;
  if (typeof name !== 'string' || name === '') throw errors.invalid(kind, '', '', [{ reason: 'FieldValueRequired', field: `${field}.name`, message: 'Required value' }]);
  if (typeof ns !== 'string' || ns === '') throw errors.invalid(kind, '', name, [{ reason: 'FieldValueRequired', field: `${field}.namespace`, message: 'Required value' }]);
  const bad = [...isDNS1123Label(ns).map((m) => [`${field}.namespace`, ns, m]), ...isDNS1123Subdomain(name).map((m) => [`${field}.name`, name, m])];
  if (bad.length) throw errors.invalid(kind, '', name, bad.map(([f, v, m]) => ({ reason: 'FieldValueInvalid', field: f!, message: `Invalid value: ${JSON.stringify(v)}: ${m}` })));
  return { namespace: ns, name };
}
