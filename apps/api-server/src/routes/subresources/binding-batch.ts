/**
 * POST /apis/skiff.dev/v1/bindings: many pods/<name>/binding writes in one request. Not a
 * Kubernetes API (upstream binds one pod per request); Skiff's scheduler uses it because a
 * binding's own work (one read-modify-write of the pod) is small next to an HTTP round trip,
 * and every binding of one request lands in one event-loop turn, hence one SQLite commit.
 *
 * Body: `{"apiVersion":"skiff.dev/v1","kind":"BindingList","items":[Binding…]}`, each item a
 * v1 Binding with metadata.namespace and metadata.name. Answer 200 with one Status per item,
 * in order (`BindingResultList`): an item's failure (404, 409 already bound…) is its own
 * Status and never fails the others, exactly what the single endpoint would have answered.
 * A malformed list as a whole is a 400. The same authorization as any write (join tokens,
 * which may not bind, get 403 from the auth hook: auth/bootstrap-authorizer.ts).
 */
import { errors, isDNS1123Label, isDNS1123Subdomain, registry, type Status } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { parseAccept } from '../../http/accept.ts';
import { decodeJson } from '../../http/body.ts';
import { reply, type JsonReply } from '../../http/reply.ts';
import { toStatusError } from '../../plugins/errors.ts';
import { bindOne, type BindingBody } from './binding.ts';

export const BATCH_BINDINGS_PATH = '/apis/skiff.dev/v1/bindings';
/** Enough for a scheduler's burst; bounds one request's work and answer. */
export const MAX_BATCH = 1000;

const SUCCESS: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

function itemError(i: number, b: BindingBody): Status | undefined {
  const ns = b.metadata?.namespace;
  const name = b.metadata?.name;
  const field = `items[${i}].metadata`;
  if (typeof name !== 'string' || name === '') return errors.invalid('Binding', '', '', [{ reason: 'FieldValueRequired', field: `${field}.name`, message: 'Required value' }]).toStatus();
  if (typeof ns !== 'string' || ns === '') return errors.invalid('Binding', '', name, [{ reason: 'FieldValueRequired', field: `${field}.namespace`, message: 'Required value' }]).toStatus();
  const bad = [...isDNS1123Label(ns).map((m) => [`${field}.namespace`, ns, m]), ...isDNS1123Subdomain(name).map((m) => [`${field}.name`, name, m])];
  if (bad.length) return errors.invalid('Binding', '', name, bad.map(([f, v, m]) => ({ reason: 'FieldValueInvalid', field: f!, message: `Invalid value: ${JSON.stringify(v)}: ${m}` }))).toStatus();
  return undefined;
}

export async function bindBatch(ctx: ServerContext, body: unknown, user: { name: string; groups: string[] } | undefined): Promise<JsonReply> {
  const list = decodeJson(body) as { kind?: unknown; items?: unknown } | null;
  if (!list || typeof list !== 'object' || !Array.isArray(list.items)) {
    throw errors.badRequest('a BindingList with an items array is required');
  }
  if (list.kind !== undefined && list.kind !== 'BindingList') throw errors.badRequest(`kind ${JSON.stringify(list.kind)} is not BindingList`);
  if (list.items.length > MAX_BATCH) throw errors.badRequest(`at most ${MAX_BATCH} bindings per request (got ${list.items.length})`);
  const pods = registry.byPlural('', 'v1', 'pods')!;
  const accept = parseAccept(undefined);
  // All items start in this turn, so their writes share one commit (storage/log-store.ts).
  const results = await Promise.all(
    list.items.map(async (raw, i): Promise<Status> => {
      const b = (raw && typeof raw === 'object' ? raw : {}) as BindingBody;
      const bad = itemError(i, b);
      if (bad) return bad;
      try {
        const req = { type: pods, namespace: b.metadata!.namespace!, name: b.metadata!.name!, subresource: 'binding', query: {}, accept, contentType: 'application/json', body: raw, warnings: [], ...(user ? { user } : {}) };
        await bindOne(ctx, req, b);
        return SUCCESS;
      } catch (e) {
        return toStatusError(e).err.toStatus();
      }
    }),
  );
  return reply(200, { kind: 'BindingResultList', apiVersion: 'skiff.dev/v1', metadata: {}, items: results });
}
