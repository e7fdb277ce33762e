/**
 * The ReplicaSet of the current template (getNewReplicaSet): found by template equality
 * (ignoring the hash label) and brought to the next revision, or created as
 * `<deployment>-<pod-template-hash>` with the hash on its labels, selector and template.
 * A name taken by a different template is a hash collision: bump status.collisionCount.
 */
import type { ReplicaSet } from '@skiff/api';
import { isAlreadyExists } from '@skiff/client';
import { controllerOf, controllerRef } from '@skiff/controller';
import { deploymentsRef, replicaSetsRef } from '../../refs.ts';
import { computeHash } from '../../util/hash.ts';
import { about, errorMessage } from '../../util/events.ts';
import { nsOpts, type SyncContext } from './context.ts';
import { setProgressing } from './progress.ts';
import { scalingEvent } from './scale.ts';
import { equalIgnoreHash, findNewReplicaSet, HASH_LABEL, maxRevision, newRSNewReplicas, REVISION_ANNOTATION, revisionOf, setNewReplicaSetAnnotations, specReplicas } from './util.ts';

export class HashCollision extends Error {}

export interface ReplicaSets {
  newRS: ReplicaSet | undefined;
  oldRSs: ReplicaSet[];
}

export async function getAllReplicaSetsAndSyncRevision(c: SyncContext, rsList: readonly ReplicaSet[], create: boolean): Promise<ReplicaSets> {
  const existing = findNewReplicaSet(c.d, rsList);
  const oldRSs = rsList.filter((rs) => rs !== existing);
  const newRS = await getNewReplicaSet(c, existing, oldRSs, create);
  return { newRS, oldRSs };
}

async function getNewReplicaSet(c: SyncContext, existing: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
  const d = c.d;
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) {
    let rs = existing;
    const copy = structuredClone(existing) as ReplicaSet;
    const annotationsChanged = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    const minReadyChanged = (copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
    if (annotationsChanged || minReadyChanged) {
      copy.spec = { ...copy.spec!, minReadySeconds: d.spec?.minReadySeconds ?? 0 };
      rs = await c.client.update(replicaSetsRef, copy, nsOpts(c));
    }
    await setDeploymentRevision(c, String(revisionOf(rs)));
    if (!d.status?.conditions?.some((x) => x.type === 'Progressing')) setProgressing(c, 'True', 'FoundNewReplicaSet', `Found new replica set "${rs.metadata.name}"`);
    return rs;
  }
  if (!create) return undefined;
  const template = structuredClone(d.spec?.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata ??= {};
  template.metadata.labels = { ...template.metadata.labels, [HASH_LABEL]: hash };
  const selector = structuredClone(d.spec?.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [HASH_LABEL]: hash };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: { ...template.metadata.labels }, ownerReferences: [controllerRef(d)] },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
  };
  rs.spec!.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  let created: ReplicaSet;
  try {
    created = await c.client.create(replicaSetsRef, rs, nsOpts(c));
  } catch (e) {
    if (!isAlreadyExists(e)) {
      c.events.event(about(deploymentsRef, d), 'Warning', 'FailedCreate', `Failed to create new replica set "${rs.metadata.name}": ${errorMessage(e)}`);
      throw e;
    }
    const found = c.cachedRS(rs.metadata.name ?? '') ?? (await c.client.get<ReplicaSet>(replicaSetsRef, rs.metadata.name ?? '', nsOpts(c)));
    // Our own RS the cache has not shown yet: fine, the next sync finds it.
    if (controllerOf(found)?.uid === d.metadata.uid && equalIgnoreHash(found.spec?.template, d.spec?.template)) return found;
    d.status = { ...d.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 };
    throw new HashCollision(`hash collision for ReplicaSet "${rs.metadata.name}"`);
  }
  if (specReplicas(created) > 0) scalingEvent(c, created.metadata.name ?? '', 0, specReplicas(created));
  setProgressing(c, 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata.name}"`);
  await setDeploymentRevision(c, String(newRevision));
  return created;
}

/** The Deployment's own revision annotation (metadata: a merge patch, no generation bump). */
async function setDeploymentRevision(c: SyncContext, revision: string): Promise<void> {
  if (c.d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return;
  c.d.metadata.annotations = { ...c.d.metadata.annotations, [REVISION_ANNOTATION]: revision };
  await c.client.patch(deploymentsRef, c.d.metadata.name ?? '', 'merge', { metadata: { annotations: { [REVISION_ANNOTATION]: revision } } }, nsOpts(c));
}
