/**
 * Which message table decodes which kind. Keyed by apiVersion and kind as the envelope's
 * typeMeta names them; DeleteOptions comes under whatever group the client was built for.
 */
import { Binding, ConfigMap, Namespace, Secret, Service } from './core.ts';
import { DeleteOptions } from './meta.ts';
import { Pod } from './pod.ts';
import type { Message } from './schema.ts';
import { SelfSubjectAccessReview, SelfSubjectReview } from './reviews.ts';
import { Deployment, Eviction, Job, PodDisruptionBudget, PriorityClass, ReplicaSet } from './workloads.ts';

const KINDS = new Map<string, Message>([
  ['v1/Namespace', Namespace],
  ['v1/ConfigMap', ConfigMap],
  ['v1/Secret', Secret],
  ['v1/Service', Service],
  ['v1/Pod', Pod],
  ['v1/Binding', Binding],
  ['apps/v1/Deployment', Deployment],
  ['apps/v1/ReplicaSet', ReplicaSet],
  ['batch/v1/Job', Job],
  ['policy/v1/PodDisruptionBudget', PodDisruptionBudget],
  ['policy/v1/Eviction', Eviction],
  ['scheduling.k8s.io/v1/PriorityClass', PriorityClass],
  ['authorization.k8s.io/v1/SelfSubjectAccessReview', SelfSubjectAccessReview],
  ['authentication.k8s.io/v1/SelfSubjectReview', SelfSubjectReview],
]);

export function messageFor(apiVersion: string, kind: string): Message | undefined {
  if (kind === 'DeleteOptions') return DeleteOptions;
  return KINDS.get(`${apiVersion}/${kind}`);
}
