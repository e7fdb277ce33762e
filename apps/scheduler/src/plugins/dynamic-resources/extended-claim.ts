/**
 * The special ResourceClaim for extended resources served by DRA (DeviceClass
 * spec.extendedResourceName, KEP-5004): `resources.limits: {nvidia.com/gpu: 1}` on a node
 * whose allocatable does not list nvidia.com/gpu becomes one generated claim per pod
 * (dra/extended-resources.ts builds it). As upstream, the scheduler owns it end to end:
 * - Filter builds it per node, from the resources that node does not advertise (a node with
 *   a device plugin for one resource and DRA for another gets a claim for the second only);
 * - PreBind creates it (generateName `<pod>-extended-resources-`, owned by the pod), writes
 *   allocation + reservedFor like any claim, then records pod.status.extendedResourceClaimStatus
 *   (the node agent reads the mapping to hand each container its devices);
 * - Unreserve deletes it (nobody else may use it), and the pod's deletion releases it
 *   (release.ts) and lets the garbage collector remove it through the owner reference.
 */
import type { Pod, ResourceClaim } from '@skiff/api';
import { isNotFound } from '@skiff/client';
import type { DeviceState } from '../../cache/device-state.ts';
import type { NodeInfo } from '../../cache/node-info.ts';
import type { PodInfo } from '../../cache/pod-info.ts';
import { EXTENDED_RESOURCE_CLAIM_ANNOTATION, extendedResourceClaim, type RequestMapping } from '../../dra/index.ts';
import type { Handle } from '../../framework/handle.ts';
import { PODS, RESOURCE_CLAIMS } from '../../refs.ts';
import { rollbackClaim } from './rollback.ts';

export interface ExtendedClaim {
  /** Not created yet: metadata.name is a placeholder that keys the allocator's result. */
  claim: ResourceClaim;
  requestMappings: RequestMapping[];
}

/** In-flight key for the claim before it has a name (cannot collide with a real `ns/name`). */
export const pendingKey = (pod: PodInfo): string => `extended-resources:${pod.key}`;

/** The pod's extended resources that some DeviceClass serves (none for most pods: no scalar requests). */
export function draBackedResources(devices: DeviceState, pod: PodInfo): string[] {
  const scalar = pod.requests.scalar;
  if (!scalar || devices.snapshot.classes.size === 0) return [];
  const out: string[] = [];
  for (const [name, v] of scalar) if (v > 0 && devices.draBacked(name)) out.push(name);
  return out;
}

/**
 * The claim this node needs: the DRA-backed resources its allocatable does not list (those it
 * lists stay with the device plugin / classic path). `undefined`: none, the node serves all.
 * Memoized per set of names in `memo`, so a cycle over many alike nodes builds it once.
 */
export function extendedClaimForNode(devices: DeviceState, pod: PodInfo, names: readonly string[], node: NodeInfo, memo: Map<string, ExtendedClaim | undefined>): ExtendedClaim | undefined {
  const viaDra = names.filter((n) => !(node.allocatable.get(n) > 0));
  if (viaDra.length === 0) return undefined;
  const sig = viaDra.join('\n');
  if (memo.has(sig)) return memo.get(sig);
  const include = new Set(viaDra);
  const r = extendedResourceClaim(pod.pod, devices.snapshot.classes, { explicit: devices.extendedResourceClasses(), include: (n) => include.has(n) });
  memo.set(sig, r);
  return r;
}

const owns = (c: ResourceClaim, pod: Pod): boolean => (c.metadata.ownerReferences ?? []).some((o) => o.uid === pod.metadata.uid);

/** The pod's special claim as the informer shows it (created in an earlier attempt), if any. */
export function existingExtendedClaim(h: Handle, pod: Pod): ResourceClaim | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const recorded = pod.status?.extendedResourceClaimStatus?.resourceClaimName;
  if (recorded) {
    const c = h.listers.claims.get(ns, recorded);
    if (c && owns(c, pod)) return c;
  }
  return h.listers.claims.list(ns).find((c) => c.metadata.annotations?.[EXTENDED_RESOURCE_CLAIM_ANNOTATION] === 'true' && owns(c, pod));
}

/** POST with generateName: the API server picks the name, as upstream's scheduler does. */
export async function createExtendedClaim(h: Handle, ext: ExtendedClaim): Promise<ResourceClaim> {
  const { name: _placeholder, ...metadata } = ext.claim.metadata;
  const ns = metadata.namespace ?? 'default';
  return h.api.create(RESOURCE_CLAIMS, { ...ext.claim, metadata }, { namespace: ns });
}

/** pod.status.extendedResourceClaimStatus, which the node agent reads to find each container's devices. */
export async function recordExtendedStatus(h: Handle, pod: PodInfo, claimName: string, requestMappings: RequestMapping[]): Promise<void> {
  const status = { extendedResourceClaimStatus: { resourceClaimName: claimName, requestMappings } };
  await h.api.patch(PODS, pod.name, 'merge', { status }, { namespace: pod.namespace, subresource: 'status' });
}

/** Undo a created special claim: drop the reservation, allocation and finalizer, then delete it. */
export async function deleteExtendedClaim(h: Handle, claim: ResourceClaim, podUid: string): Promise<void> {
  const ns = claim.metadata.namespace ?? 'default';
  await rollbackClaim(h, claim, podUid);
  try {
    await h.api.delete(RESOURCE_CLAIMS, claim.metadata.name ?? '', { namespace: ns });
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}
