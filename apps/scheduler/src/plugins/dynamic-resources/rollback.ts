/**
 * Undo one attempt's PreBind on a claim: the pod leaves status.reservedFor and, if no one
 * else holds the claim, its allocation and delete-protection finalizer go too (the devices
 * return to the pool). Run from Unreserve when a pod whose claims were already written is
 * rejected later (a gang member whose gang could not bind whole, a failed Bind).
 *
 * Starts from the claim as this attempt wrote it, or the informer's copy when that is newer:
 * right after our own write the informer may not show it yet, and reading only the stale
 * copy would find nothing to undo. A Conflict re-reads and retries.
 */
import type { ResourceClaim } from '@skiff/api';
import { isConflict, isNotFound } from '@skiff/client';
import type { Handle } from '../../framework/handle.ts';
import { RESOURCE_CLAIMS } from '../../refs.ts';
import { DELETE_PROTECTION } from './write-allocation.ts';

const ATTEMPTS = 8;

/** resourceVersions are opaque upstream; Skiff's are revision numbers, so a larger one is newer. */
function newer(a: ResourceClaim, b: ResourceClaim): ResourceClaim {
  const x = Number(a.metadata.resourceVersion);
  const y = Number(b.metadata.resourceVersion);
  return Number.isFinite(x) && Number.isFinite(y) && x > y ? a : b;
}

export async function rollbackClaim(h: Handle, written: ResourceClaim, podUid: string, delay = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<void> {
  const ns = written.metadata.namespace ?? 'default';
  const name = written.metadata.name ?? '';
  let claim = written;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const cached = h.listers.claims.get(ns, name);
    if (!cached) return;
    claim = newer(cached, claim);
    try {
      await dropReservation(h, claim, podUid);
      return;
    } catch (e) {
      if (isNotFound(e)) return;
      if (!isConflict(e)) throw e;
      claim = cached;
      await delay(20 * (attempt + 1)); // let the informer catch up
    }
  }
  throw new Error(`resourceclaim ${ns}/${name}: gave up rolling back the reservation for pod uid ${podUid}`);
}

async function dropReservation(h: Handle, claim: ResourceClaim, podUid: string): Promise<void> {
  const ns = claim.metadata.namespace ?? 'default';
  const before = claim.status?.reservedFor ?? [];
  const reserved = before.filter((r) => r.uid !== podUid);
  let current = claim;
  if (reserved.length !== before.length || (reserved.length === 0 && claim.status?.allocation)) {
    const next = structuredClone(claim) as ResourceClaim;
    next.status = { ...(next.status ?? {}), reservedFor: reserved };
    if (reserved.length === 0) delete next.status.allocation;
    if (reserved.length === 0) delete next.status.reservedFor;
    current = await h.api.updateStatus(RESOURCE_CLAIMS, next, { namespace: ns });
  }
  if (reserved.length === 0 && (current.metadata.finalizers ?? []).includes(DELETE_PROTECTION)) {
    const next = structuredClone(current) as ResourceClaim;
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== DELETE_PROTECTION);
    await h.api.update(RESOURCE_CLAIMS, next, { namespace: ns });
  }
}
