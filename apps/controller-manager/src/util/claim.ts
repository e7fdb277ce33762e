/**
 * Adoption and release (upstream ControllerRefManager): an owner claims the orphans its
 * selector matches and releases the children it controls that no longer match. Writes are
 * merge patches carrying the resourceVersion read, so a racing change fails with Conflict.
 */
import type { KubeObject, OwnerReference, ParsedLabelSelector } from '@skiff/api';
import { matchesLabels } from '@skiff/api';
import { isNotFound, type ResourceRef } from '@skiff/client';
import { controllerOf, controllerRef } from '@skiff/controller';
import type { KubeClient } from '../deps.ts';

export interface ClaimOptions<T extends KubeObject> {
  client: KubeClient;
  childRef: ResourceRef;
  owner: KubeObject;
  selector: ParsedLabelSelector;
  candidates: readonly T[];
  signal?: AbortSignal;
}

/** The children `owner` controls after adopting and releasing. */
export async function claimChildren<T extends KubeObject>(o: ClaimOptions<T>): Promise<T[]> {
  const ownerUid = o.owner.metadata.uid;
  const ownerDeleting = o.owner.metadata.deletionTimestamp !== undefined;
  const claimed: T[] = [];
  for (const child of o.candidates) {
    const ref = controllerOf(child);
    const matches = matchesLabels(o.selector, child.metadata.labels);
    if (ref) {
      if (ref.uid !== ownerUid) continue;
      if (matches || ownerDeleting) claimed.push(child);
      else await patchOwners(o, child, (child.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid));
      continue;
    }
    if (!matches || ownerDeleting || child.metadata.deletionTimestamp) continue;
    const adopted = await patchOwners(o, child, [...(child.metadata.ownerReferences ?? []), controllerRef(o.owner)]);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

async function patchOwners<T extends KubeObject>(o: ClaimOptions<T>, child: T, ownerReferences: OwnerReference[]): Promise<T | undefined> {
  const patch = { metadata: { ownerReferences: ownerReferences.length ? ownerReferences : null, resourceVersion: child.metadata.resourceVersion } };
  try {
    return await o.client.patch<T>(o.childRef, child.metadata.name ?? '', 'merge', patch, { namespace: child.metadata.namespace, signal: o.signal });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}
