/**
 * POST /apis/skiff.dev/v1/creates: many creates in one request (items.ts has the list rules).
 * Each item is a whole object with apiVersion, kind and (namespaced kinds) metadata.namespace,
 * created exactly as POST to its collection would (validation, defaults, generateName,
 * namespace admission) and answered with the stored object, or that endpoint's Status. The
 * controller-manager's creates go this way (@skiff/client batched-creates.ts): a ReplicaSet's
 * slow-start batch of 256 pods is one round trip.
 */
import { errors, registry } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { parseAccept } from '../../http/accept.ts';
import type { JsonReply } from '../../http/reply.ts';
import { createObject } from '../resources/create.ts';
import { batchItems, RawJson } from './items.ts';

export const BATCH_CREATES_PATH = '/apis/skiff.dev/v1/creates';

export function createBatch(ctx: ServerContext, body: unknown, user: { name: string; groups: string[] } | undefined): Promise<JsonReply> {
  const accept = parseAccept(undefined);
  return batchItems(body, 'Create', async (raw, i) => {
    const { apiVersion, kind } = raw as { apiVersion?: unknown; kind?: unknown };
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') throw errors.badRequest(`items[${i}]: apiVersion and kind are required`);
    const type = registry.byApiVersionKind(apiVersion, kind);
    if (!type || !type.verbs.includes('create')) throw errors.badRequest(`items[${i}]: no creatable kind ${kind} in ${apiVersion}`);
    const ns = (raw['metadata'] as { namespace?: unknown } | undefined)?.namespace;
    if (type.namespaced && (typeof ns !== 'string' || ns === '')) throw errors.badRequest(`items[${i}]: metadata.namespace is required for ${type.plural}`);
    const res = await createObject(ctx, { type, namespace: type.namespaced ? (ns as string) : undefined, name: undefined, subresource: undefined, query: {}, accept, contentType: 'application/json', body: JSON.stringify(raw), warnings: [], ...(user ? { user } : {}) });
    return new RawJson(res.json);
  });
}
