/**
 * POST /apis/skiff.dev/v1/bindings: many pods/<name>/binding writes in one request
 * (items.ts has the list rules). Skiff's scheduler uses it because a binding's own work (one
 * read-modify-write of the pod) is small next to an HTTP round trip. Each item is a v1
 * Binding with metadata.namespace and metadata.name, answered with the Status
 * pods/<name>/binding would have given (201 Success, 404, 409 already bound…).
 * Join tokens, which may not bind, get 403 from the auth hook (auth/bootstrap-authorizer.ts).
 */
import { registry, type Status } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { parseAccept } from '../../http/accept.ts';
import type { JsonReply } from '../../http/reply.ts';
import { bindOne, type BindingBody } from '../subresources/binding.ts';
import { batchItems, itemIdentity } from './items.ts';

export const BATCH_BINDINGS_PATH = '/apis/skiff.dev/v1/bindings';

const SUCCESS: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

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
