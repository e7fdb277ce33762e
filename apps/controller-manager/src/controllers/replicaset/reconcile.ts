/**
 * syncReplicaSet: claim pods (adopt orphans the selector matches, release the ones it no
 * longer matches), create/delete to match replicas once expectations are satisfied, then
 * publish status. Expected failures (a rejected pod) become the ReplicaFailure condition and
 * a rate-limited requeue, not an exception.
 */
import type { Pod, ReplicaSet } from '@skiff/api';
import { labelSelectorFromSpec } from '@skiff/api';
import { isNotFound, type Informer } from '@skiff/client';
import { ControllerExpectations, requestKey, type EventSink, type ReconcileContext, type Reconciler, type Request, type Result } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import { podsRef, replicaSetsRef } from '../../refs.ts';
import { claimChildren } from '../../util/claim.ts';
import { SOURCES } from '../../util/events.ts';
import { isPodActive, msUntilAvailable, podKey } from '../../util/pods.ts';
import { statusPatch } from '../../util/status-patch.ts';
import { manageReplicas } from './manage.ts';
import { calculateStatus } from './status.ts';

export class ReplicaSetReconciler implements Reconciler {
  readonly expectations: ControllerExpectations;
  readonly pendingDeletes = new Map<string, Set<string>>();
  readonly #deps: ControllerDeps;
  readonly #rs: Informer<ReplicaSet>;
  readonly #pods: Informer<Pod>;
  readonly #events: EventSink;

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    this.#events = deps.recorder(SOURCES.replicaset);
    this.expectations = new ControllerExpectations({ now: deps.now });
    this.#rs = deps.factory.informerFor<ReplicaSet>(replicaSetsRef);
    this.#pods = deps.factory.informerFor<Pod>(podsRef);
  }

  async reconcile(ctx: ReconcileContext, req: Request): Promise<Result> {
    const key = requestKey(req);
    const rs = this.#rs.lister.get(req.namespace, req.name);
    if (!rs) {
      this.expectations.deleteExpectations(key);
      this.pendingDeletes.delete(key);
      return {};
    }
    const needsSync = this.expectations.satisfied(key) && !rs.metadata.deletionTimestamp;
    const selector = labelSelectorFromSpec(rs.spec?.selector);
    const candidates = this.#pods.lister.list(req.namespace).filter((p) => !p.metadata.ownerReferences?.length || p.metadata.ownerReferences.some((r) => r.uid === rs.metadata.uid));
    const { client } = this.#deps;
    const owned = await claimChildren({ client, childRef: podsRef, owner: rs, selector, candidates, signal: ctx.signal });
    const active = owned.filter(isPodActive);
    let manageError: string | undefined;
    let counted = owned;
    if (needsSync) {
      const m = await manageReplicas({ client, expectations: this.expectations, pendingDeletes: this.pendingDeletes, events: this.#events, signal: ctx.signal }, key, rs, active);
      manageError = m.error;
      if (m.deleted.size) counted = owned.filter((p) => !m.deleted.has(podKey(p)));
    }
    const now = this.#deps.now();
    const status = calculateStatus(rs, counted, manageError, now);
    const patch = statusPatch(rs.status, status);
    if (patch) {
      try {
        await client.patch(replicaSetsRef, req.name, 'merge', { status: patch }, { namespace: req.namespace, subresource: 'status', signal: ctx.signal });
      } catch (e) {
        if (isNotFound(e)) return {};
        throw e;
      }
    }
    if (manageError !== undefined) return { requeue: true };
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const waits = active.map((p) => msUntilAvailable(p, minReady, now)).filter((x): x is number => x !== undefined);
    return waits.length ? { requeueAfterMs: Math.min(...waits) + 50 } : {};
  }
}
