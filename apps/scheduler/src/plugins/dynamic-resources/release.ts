/**
 * Deallocation: when a pod is deleted or finishes, it leaves the reservedFor of its claims;
 * a claim no pod holds any more gives its devices back (allocation cleared, finalizer
 * removed), and a claim generated for a deleted pod is deleted. The controller-manager's
 * garbage collector also deletes it through the pod ownerReference; both paths are idempotent.
 * The same for the special claim of extended resources (pod.status.extendedResourceClaimStatus).
 * Follow-up: leave generated-claim deletion to the controller-manager alone.
 */
import type { Pod, ResourceClaim } from '@skiff/api';
import { isConflict, isNotFound } from '@skiff/client';
import type { Handle } from '../../framework/handle.ts';
import type { ClusterEvent } from '../../queue/events.ts';
import { RESOURCE_CLAIMS } from '../../refs.ts';
import { existingExtendedClaim } from './extended-claim.ts';
import { generatedClaimName } from './pod-claims.ts';
import { DELETE_PROTECTION } from './write-allocation.ts';

const finished = (p: Pod | undefined): boolean => p?.status?.phase === 'Succeeded' || p?.status?.phase === 'Failed';

export function releaseClaimsOf(h: Handle, e: ClusterEvent, oldPod: Pod | undefined, newPod: Pod | undefined): void {
  const pod = newPod ?? oldPod;
  if (!pod) return;
  const deleted = e.action === 'Delete';
  if (!deleted && !(finished(newPod) && !finished(oldPod))) return;
  const extended = extendedClaimName(h, pod);
  const ns = pod.metadata.namespace ?? 'default';
  // The special claim for extended resources (extended-claim.ts) is the pod's alone, like a generated one.
  if (extended) void release(h, ns, extended, pod, deleted).catch((err: unknown) => h.log.warn({ err, claim: `${ns}/${extended}` }, 'could not release extended resource claim'));
  for (const pc of pod.spec?.resourceClaims ?? []) {
    const name = pc.resourceClaimName ?? pod.status?.resourceClaimStatuses?.find((s) => s.name === pc.name)?.resourceClaimName ?? generatedClaimName(pod, pc.name);
    void release(h, ns, name, pod, deleted && !pc.resourceClaimName).catch((err: unknown) => h.log.warn({ err, claim: `${ns}/${name}` }, 'could not release resource claim'));
  }
}

async function release(h: Handle, ns: string, name: string, pod: Pod, deleteGenerated: boolean): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const claim = h.listers.claims.get(ns, name);
    if (!claim) return;
    try {
      const reserved = (claim.status?.reservedFor ?? []).filter((r) => r.uid !== pod.metadata.uid && !podGone(h, ns, r));
      let current = claim;
      if (reserved.length !== (claim.status?.reservedFor?.length ?? 0) || (reserved.length === 0 && claim.status?.allocation)) {
        const next = structuredClone(claim) as ResourceClaim;
        next.status = { ...(next.status ?? {}), reservedFor: reserved };
        if (reserved.length === 0) delete next.status.allocation;
        if (!next.status.reservedFor?.length) delete next.status.reservedFor;
        current = await h.api.updateStatus(RESOURCE_CLAIMS, next, { namespace: ns });
      }
      if (reserved.length === 0 && (current.metadata.finalizers ?? []).includes(DELETE_PROTECTION)) {
        const next = structuredClone(current) as ResourceClaim;
        next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== DELETE_PROTECTION);
        current = await h.api.update(RESOURCE_CLAIMS, next, { namespace: ns });
      }
      const owned = (current.metadata.ownerReferences ?? []).some((o) => o.uid === pod.metadata.uid);
      if (deleteGenerated && owned && reserved.length === 0) await h.api.delete(RESOURCE_CLAIMS, name, { namespace: ns });
      return;
    } catch (e) {
      if (isNotFound(e)) return;
      if (!isConflict(e)) throw e;
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1))); // informer catches up, then retry
    }
  }
}

/** The special claim: as the pod's status records it, else found by owner (a status that lost the field). */
function extendedClaimName(h: Handle, pod: Pod): string | undefined {
  const recorded = pod.status?.extendedResourceClaimStatus?.resourceClaimName;
  if (recorded) return recorded;
  const wants = (pod.spec?.containers ?? []).some((c) => Object.keys({ ...c.resources?.requests, ...c.resources?.limits }).some((n) => h.cache.devices.draBacked(n)));
  return wants ? existingExtendedClaim(h, pod)?.metadata.name : undefined;
}

function podGone(h: Handle, ns: string, r: { resource: string; name: string; uid: string }): boolean {
  if (r.resource !== 'pods') return false;
  const p = h.listers.pods.get(ns, r.name);
  return !p || p.metadata.uid !== r.uid || finished(p);
}
