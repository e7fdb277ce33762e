/**
 * Create or delete pods so a ReplicaSet's active pods match spec.replicas, at most
 * BURST_REPLICAS per sync, recording expectations first so the next sync waits for the
 * informer to show them (upstream manageReplicas).
 */
import type { Pod, ReplicaSet } from '@skiff/api';
import { isNotFound } from '@skiff/client';
import type { ControllerExpectations, EventSink } from '@skiff/controller';
import type { KubeClient } from '../../deps.ts';
import { podsRef, replicaSetsRef } from '../../refs.ts';
import { about, errorMessage } from '../../util/events.ts';
import { podFromTemplate } from '../../util/pod-template.ts';
import { podKey } from '../../util/pods.ts';
import { slowStartBatch } from '../../util/slow-start.ts';
import { podsToDelete } from './rank.ts';

export const BURST_REPLICAS = 500;

export interface ManageContext {
  client: KubeClient;
  expectations: ControllerExpectations;
  /** Pod keys whose deletion we wait to observe, per owner key. */
  pendingDeletes: Map<string, Set<string>>;
  /** SuccessfulCreate / FailedCreate / SuccessfulDelete / FailedDelete, as upstream's pod control. */
  events: EventSink;
  signal?: AbortSignal;
}

export interface ManageResult {
  /** For the ReplicaFailure condition. */
  error?: string;
  /** Pods deleted by this sync: no longer counted in status. */
  deleted: Set<string>;
}

export async function manageReplicas(m: ManageContext, key: string, rs: ReplicaSet, active: readonly Pod[]): Promise<ManageResult> {
  const want = rs.spec?.replicas ?? 1;
  const diff = active.length - want;
  const ref = about(replicaSetsRef, rs);
  if (diff < 0) {
    const n = Math.min(-diff, BURST_REPLICAS);
    m.expectations.expectCreations(key, n);
    const { successes, error } = await slowStartBatch(n, 1, async () => {
      try {
        const pod = await m.client.create(podsRef, podFromTemplate(rs.spec?.template, rs), { namespace: rs.metadata.namespace, signal: m.signal });
        m.events.event(ref, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
      } catch (e) {
        m.expectations.creationObserved(key); // never to be observed
        m.events.event(ref, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(e)}`);
        throw e;
      }
    });
    const skipped = n - successes - (error === undefined ? 0 : 1);
    for (let i = 0; i < skipped; i++) m.expectations.creationObserved(key);
    return error === undefined ? { deleted: new Set() } : { error: `create Pod: ${errorMessage(error)}`, deleted: new Set() };
  }
  if (diff > 0) {
    const victims = podsToDelete(active, Math.min(diff, BURST_REPLICAS));
    const pending = new Set(victims.map(podKey));
    m.pendingDeletes.set(key, pending);
    m.expectations.expectDeletions(key, victims.length);
    const errors: unknown[] = [];
    await Promise.all(
      victims.map(async (p) => {
        try {
          await m.client.delete(podsRef, p.metadata.name ?? '', { namespace: p.metadata.namespace, signal: m.signal });
          m.events.event(ref, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        } catch (e) {
          if (pending.delete(podKey(p))) m.expectations.deletionObserved(key);
          if (isNotFound(e)) return;
          errors.push(e);
          m.events.event(ref, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(e)}`);
        }
      }),
    );
    const deleted = new Set(victims.map(podKey));
    return errors.length ? { error: `delete Pod: ${errorMessage(errors[0])}`, deleted } : { deleted };
  }
  return { deleted: new Set() };
}
