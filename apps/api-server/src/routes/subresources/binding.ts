/**
 * POST pods/<name>/binding: the scheduler's only write to a pod. Sets spec.nodeName once and
 * the PodScheduled=True condition; binding an already-bound pod is a 409 Conflict, as upstream.
 */
import { errors, nowRfc3339, registry, type KubeObject } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { decodeJson } from '../../http/body.ts';
import { reply, type JsonReply } from '../../http/reply.ts';
import type { ResourceRequest } from '../resources/request.ts';
import { updateWith } from '../resources/update.ts';

export interface BindingBody {
  metadata?: { name?: string; namespace?: string };
  target?: { kind?: string; name?: string };
}

export async function bindPod(ctx: ServerContext, req: ResourceRequest & { name: string }): Promise<JsonReply> {
  await bindOne(ctx, req, decodeJson(req.body) as BindingBody | null);
  return reply(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

/** Checks one Binding and writes it; shared by pods/<name>/binding and the batch (binding-batch.ts). */
export async function bindOne(ctx: ServerContext, req: ResourceRequest & { name: string }, body: BindingBody | null): Promise<void> {
  const target = body?.target;
  if (!target || typeof target.name !== 'string' || target.name === '') {
    throw errors.invalid('Binding', '', req.name, [{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
  }
  if (target.kind !== undefined && target.kind !== 'Node' && target.kind !== '') {
    throw errors.invalid('Binding', '', req.name, [{ reason: 'FieldValueNotSupported', field: 'target.kind', message: `Unsupported value: "${target.kind}": supported values: "Node"` }]);
  }
  if (body?.metadata?.name && body.metadata.name !== req.name) {
    throw errors.badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${req.name})`);
  }
  await updateWith(ctx, { ...req, subresource: undefined }, (current) => {
    const spec = current.spec as { nodeName?: string } | undefined;
    if (current.metadata.deletionTimestamp) {
      throw errors.conflict('pods', '', req.name, 'pod is being deleted, cannot be assigned to a host');
    }
    if (spec?.nodeName) {
      throw errors.conflict('pods', '', req.name, `pod ${req.name} is already assigned to node "${spec.nodeName}"`);
    }
    const next = structuredClone(current) as KubeObject;
    (next.spec as { nodeName?: string }).nodeName = target.name;
    delete next.metadata.resourceVersion;
    // Upstream's binding storage sets PodScheduled=True in the same write, replacing the
    // False (Unschedulable, waiting for a claim…) the scheduler may have left.
    const status = (next.status ??= {}) as { conditions?: { type: string }[] };
    const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowRfc3339(ctx.now()) };
    status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), scheduled];
    return next;
  }, undefined, { validateUpdate: false, withStatus: true });
}

/** POST /namespaces/<ns>/bindings (the older form of pods/<name>/binding): the pod is named in the body. */
export async function bindFromCollection(ctx: ServerContext, req: ResourceRequest): Promise<JsonReply> {
  const name = (decodeJson(req.body) as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    throw errors.invalid('Binding', '', '', [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value' }]);
  }
  const pods = registry.byPlural('', 'v1', 'pods')!;
  return bindPod(ctx, { ...req, type: pods, name, subresource: 'binding' });
}
