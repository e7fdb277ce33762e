/**
 * POST /apis/skiff.dev/v1/bindings: many pods/<name>/binding writes in one request
 * (items.ts has the list rules). Skiff's scheduler uses it because a binding's own work (one
 * read-modify-write of the pod) is small next to an HTTP round trip. Each item is a v1
 * Binding with metadata.namespace and metadata.name, answered with the Status
 * pods/<name>/binding would have given (201 Success, 404, 409 already bound…).
 * Join tokens, which may not bind, get 403 from the auth hook (auth/bootstrap-authorizer.ts).
 */
import { errors, isDNS1123Label, isDNS1123Subdomain, registry, type Status } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { parseAccept } from '../../http/accept.ts';
import type { JsonReply } from '../../http/reply.ts';
import { bindOne, type BindingBody } from '../subresources/binding.ts';
import { batchItems } from './items.ts';

export const BATCH_BINDINGS_PATH = '/apis/skiff.dev/v1/bindings';

const SUCCESS: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

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

export function bindBatch(ctx: ServerContext, body: unknown, user: { name: string; groups: string[] } | undefined): Promise<JsonReply> {
  const pods = registry.byPlural('', 'v1', 'pods')!;
  const accept = parseAccept(undefined);
  return batchItems(body, 'Binding', async (raw, i) => {
    const b = raw as BindingBody;
    const { namespace, name } = itemIdentity('Binding', i, b.metadata);
    await bindOne(ctx, { type: pods, namespace, name, subresource: 'binding', query: {}, accept, contentType: 'application/json', body: raw, warnings: [], ...(user ? { user } : {}) }, b);
    return SUCCESS;
  });
}
