/**
 * Questions the api-server answers on create without storing anything: `kubectl auth can-i`
 * (SelfSubjectAccessReview) and `kubectl auth whoami` (SelfSubjectReview). Authorization in
 * Skiff is "every authenticated user is an administrator" (docs/api-conventions.md), so every
 * access review is allowed, and says why.
 */
import { apiVersionOf, type KubeObject } from '@skiff/api';
import { decodeObject } from '../../http/body.ts';
import { reply, type JsonReply } from '../../http/reply.ts';
import type { ResourceRequest } from './request.ts';

export function isReview(req: ResourceRequest): boolean {
  return (
    (req.type.group === 'authorization.k8s.io' && req.type.plural === 'selfsubjectaccessreviews') ||
    (req.type.group === 'authentication.k8s.io' && req.type.plural === 'selfsubjectreviews')
  );
}

export function answerReview(req: ResourceRequest): JsonReply {
  const obj = decodeObject(req.body, apiVersionOf(req.type), req.type.kind) as KubeObject & { status?: unknown };
  obj.metadata = { ...obj.metadata, creationTimestamp: null };
  if (req.type.plural === 'selfsubjectreviews') {
    const user = req.user ?? { name: 'system:anonymous', groups: [] };
    obj.status = { userInfo: { username: user.name, groups: [...user.groups, 'system:authenticated'] } };
  } else {
    obj.status = { allowed: true, reason: 'skiff: every authenticated user is an administrator' };
  }
  return reply(201, obj);
}
