/** The autoscaling/v1 Scale subresource (kubectl scale sends a merge patch to it). */
import { applyJsonPatch, applyMergePatch, errors, type KubeObject, type ResourceType } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { decodeJson } from '../../http/body.ts';
import { reply, type JsonReply } from '../../http/reply.ts';
import { keyFor } from '../resources/names.ts';
import type { ResourceRequest } from '../resources/request.ts';
import { fieldManager, updateWith } from '../resources/update.ts';

export function toScale(type: ResourceType, obj: Readonly<KubeObject>): Record<string, unknown> {
  const s = type.scale!;
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: s.specReplicas(obj as KubeObject) },
    status: { replicas: s.statusReplicas(obj as KubeObject), selector: s.selector(obj as KubeObject) },
  };
}

function replicasFrom(scale: unknown): number {
  const r = (scale as { spec?: { replicas?: unknown } } | null)?.spec?.replicas;
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 0) {
    throw errors.invalid('Scale', 'autoscaling', '', [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(r)}: must be greater than or equal to 0` }]);
  }
  return r;
}

export async function scaleSubresource(ctx: ServerContext, req: ResourceRequest & { name: string }, method: string): Promise<JsonReply> {
  const type = req.type;
  if (!type.scale) throw errors.notFound(type.plural, type.group, req.name);
  if (method === 'GET') {
    const s = ctx.store.get(keyFor(type, req.namespace, req.name));
    if (!s) throw errors.notFound(type.plural, type.group, req.name);
    return reply(200, toScale(type, s.object));
  }
  const body = decodeJson(req.body);
  const res = await updateWith(ctx, { ...req, subresource: undefined }, (current) => {
    const scale = toScale(type, current);
    let wanted: unknown = body;
    if (method === 'PATCH') {
      const ct = req.contentType.split(';')[0]!.trim();
      if (ct === 'application/json-patch+json') wanted = applyJsonPatch(structuredClone(scale), body as never);
      else if (ct === 'application/merge-patch+json' || ct === 'application/strategic-merge-patch+json') wanted = applyMergePatch(structuredClone(scale), body);
      else throw errors.unsupportedMediaType(ct);
    }
    const rv = (wanted as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
    const next = structuredClone(current) as KubeObject;
    type.scale!.setSpecReplicas(next, replicasFrom(wanted));
    if (method === 'PUT' && rv) next.metadata.resourceVersion = rv;
    else delete next.metadata.resourceVersion;
    return next;
  }, undefined, { manager: fieldManager(req) });
  return reply(200, toScale(type, JSON.parse(res.json) as KubeObject));
}
