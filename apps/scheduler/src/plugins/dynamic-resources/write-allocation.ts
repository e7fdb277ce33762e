/**
 * PreBind for one claim: add the delete-protection finalizer, then write status.allocation
 * (when this pod allocated it) and append the pod to status.reservedFor. Both writes carry
 * the resourceVersion read, so a claim changed by someone else meanwhile fails with
 * Conflict instead of being overwritten: the pod is unreserved and retried.
 */
import type { AllocationResult, ResourceClaim } from '@skiff/api';
import { isConflict, isNotFound } from '@skiff/client';
import type { PodInfo } from '../../cache/pod-info.ts';
import type { Handle } from '../../framework/handle.ts';
import { SUCCESS, errorStatus, unschedulable, type Status } from '../../framework/status.ts';
import { RESOURCE_CLAIMS } from '../../refs.ts';

export const DELETE_PROTECTION = 'resource.kubernetes.io/delete-protection';
export const MAX_RESERVED_FOR = 256;

/** `written` receives the claim as it now stands with the pod in reservedFor (for a rollback). */
export async function writeAllocation(h: Handle, cached: ResourceClaim, pod: PodInfo, allocation: AllocationResult | undefined, written?: (c: ResourceClaim) => void): Promise<Status> {
  const ns = cached.metadata.namespace ?? pod.namespace;
  const name = cached.metadata.name ?? '';
  const claim = h.listers.claims.get(ns, name) ?? cached;
  const reserved = claim.status?.reservedFor ?? [];
  if (reserved.some((r) => r.uid === pod.uid) && (claim.status?.allocation || !allocation)) {
    written?.(claim);
    return SUCCESS;
  }
  if (reserved.length >= MAX_RESERVED_FOR) return unschedulable(`resourceclaim "${name}" is reserved for ${MAX_RESERVED_FOR} consumers already`);
  if (!allocation && !claim.status?.allocation) return unschedulable(`resourceclaim "${name}" lost its allocation; retrying`);
  try {
    let current = claim;
    if (allocation && !(claim.metadata.finalizers ?? []).includes(DELETE_PROTECTION)) {
      const next = structuredClone(claim) as ResourceClaim;
      next.metadata.finalizers = [...(next.metadata.finalizers ?? []), DELETE_PROTECTION];
      current = await h.api.update(RESOURCE_CLAIMS, next, { namespace: ns });
    }
    const next = structuredClone(current) as ResourceClaim;
    next.status = {
      ...(next.status ?? {}),
      ...(allocation ? { allocation } : {}),
      reservedFor: [...(next.status?.reservedFor ?? []), { resource: 'pods', name: pod.name, uid: pod.uid }],
    };
    written?.(await h.api.updateStatus(RESOURCE_CLAIMS, next, { namespace: ns }));
    return SUCCESS;
  } catch (e) {
    if (isConflict(e)) return unschedulable(`resourceclaim "${name}" was modified concurrently; retrying`);
    if (isNotFound(e)) return unschedulable(`resourceclaim "${name}" was deleted`);
    return errorStatus(e, `writing allocation of resourceclaim "${name}": ${e instanceof Error ? e.message : String(e)}`);
  }
}
