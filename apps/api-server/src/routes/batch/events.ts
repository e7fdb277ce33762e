/**
 * POST /apis/skiff.dev/v1/events: many core/v1 Event creates in one request (items.ts has the
 * list rules). A scheduler binding a burst writes a "Scheduled" Event per pod, as upstream
 * does; one request per Event cost a third of the scheduler's throughput (B5), the same
 * round trip the bindings batch removed. Each item is created exactly as
 * POST /api/v1/namespaces/<ns>/events would (validation, defaults, namespace admission)
 * and answered with a Status: 201 Success, or that endpoint's error.
 */
import { registry, type Status } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { parseAccept } from '../../http/accept.ts';
import type { JsonReply } from '../../http/reply.ts';
import { createObject } from '../resources/create.ts';
import { batchItems, itemIdentity } from './items.ts';

export const BATCH_EVENTS_PATH = '/apis/skiff.dev/v1/events';

const SUCCESS: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

export function createEventsBatch(ctx: ServerContext, body: unknown, user: { name: string; groups: string[] } | undefined): Promise<JsonReply> {
  const events = registry.byPlural('', 'v1', 'events')!;
  const accept = parseAccept(undefined);
  return batchItems(body, 'Event', async (raw, i) => {
    const { namespace } = itemIdentity('Event', i, raw['metadata'] as { name?: unknown; namespace?: unknown } | undefined);
    await createObject(ctx, { type: events, namespace, name: undefined, subresource: undefined, query: {}, accept, contentType: 'application/json', body: JSON.stringify(raw), warnings: [], ...(user ? { user } : {}) });
    return SUCCESS;
  });
}
