/**
 * Mapping owned objects (Pods of a ReplicaSet) to the key of the object that controls
 * them, through the one ownerReference with `controller: true`.
 */
import type { KubeObject, OwnerReference } from '@skiff/api';
import type { ResourceRef } from '@skiff/client';
import type { Request } from './reconciler.ts';

export function controllerOf(obj: Pick<KubeObject, 'metadata'>): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** The owner's request if `obj` is controlled by an object of `owner`'s kind (any version of its group). */
export function ownerRequest(obj: Pick<KubeObject, 'metadata'>, owner: ResourceRef): Request | undefined {
  const ref = controllerOf(obj);
  if (!ref || ref.kind !== owner.kind || groupOf(ref.apiVersion) !== owner.group) return undefined;
  // Owners live in their dependents' namespace, or are cluster-scoped.
  return { namespace: owner.namespaced ? (obj.metadata.namespace ?? '') : '', name: ref.name };
}

/** An OwnerReference that makes `owner` the controller of a new child. */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}
