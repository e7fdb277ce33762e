/**
 * syncDeployment: claim ReplicaSets, then in upstream's order: being deleted → status only;
 * paused → scale only; a resize → proportional scale; otherwise the strategy's rollout.
 */
import type { Deployment, Pod, ReplicaSet } from '@skiff/api';
import { labelSelectorFromSpec } from '@skiff/api';
import { isConflict, type Informer } from '@skiff/client';
import type { EventSink, ReconcileContext, Reconciler, Request, Result } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import { deploymentsRef, podsRef, replicaSetsRef } from '../../refs.ts';
import { claimChildren } from '../../util/claim.ts';
import { about, SOURCES } from '../../util/events.ts';
import { cleanupDeployment } from './cleanup.ts';
import type { SyncContext } from './context.ts';
import { getAllReplicaSetsAndSyncRevision, HashCollision } from './new-rs.ts';
import { checkPausedConditions } from './progress.ts';
import { rolloutRecreate } from './recreate.ts';
import { rolloutRolling } from './rolling.ts';
import { isScalingEvent, scale } from './scale.ts';
import { syncDeploymentStatus, writeStatus, calculateStatus } from './status.ts';

export class DeploymentReconciler implements Reconciler {
  readonly #deps: ControllerDeps;
  readonly #deployments: Informer<Deployment>;
  readonly #rs: Informer<ReplicaSet>;
  readonly #pods: Informer<Pod>;
  readonly #events: EventSink;

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    this.#events = deps.recorder(SOURCES.deployment);
    this.#deployments = deps.factory.informerFor<Deployment>(deploymentsRef);
    this.#rs = deps.factory.informerFor<ReplicaSet>(replicaSetsRef);
    this.#pods = deps.factory.informerFor<Pod>(podsRef);
  }

  async reconcile(ctx: ReconcileContext, req: Request): Promise<Result> {
    const cached = this.#deployments.lister.get(req.namespace, req.name);
    if (!cached) return {};
    const d = structuredClone(cached) as Deployment;
    const c: SyncContext = {
      client: this.#deps.client,
      events: this.#events,
      now: this.#deps.now(),
      signal: ctx.signal,
      d,
      original: cached.status ?? {},
      pods: [],
      cachedRS: (name) => this.#rs.lister.get(req.namespace, name),
    };
    const selector = d.spec?.selector;
    if (!selector || (!selector.matchLabels && !selector.matchExpressions?.length)) {
      // An empty selector would match every pod: refuse, but say we saw this generation.
      c.events.event(about(deploymentsRef, d), 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      await writeStatus(c, { ...c.original, observedGeneration: d.metadata.generation ?? 0 });
      return {};
    }
    const candidates = this.#rs.lister.list(req.namespace).filter((rs) => !rs.metadata.ownerReferences?.length || rs.metadata.ownerReferences.some((r) => r.uid === d.metadata.uid));
    const rsList = await claimChildren({ client: c.client, childRef: replicaSetsRef, owner: d, selector: labelSelectorFromSpec(selector), candidates, signal: ctx.signal });
    const uids = new Set(rsList.map((rs) => rs.metadata.uid ?? ''));
    c.pods = [...uids].flatMap((uid) => this.#pods.lister.byOwnerUid(uid));
    try {
      return await this.#sync(c, rsList);
    } catch (e) {
      // A write against a stale cache: expected, retry once the cache has caught up.
      if (isConflict(e)) return { requeue: true };
      if (!(e instanceof HashCollision)) throw e;
      await writeStatus(c, { ...calculateStatus(c, rsList, undefined), collisionCount: d.status?.collisionCount ?? 0 });
      return { requeue: true };
    }
  }

  async #sync(c: SyncContext, rsList: ReplicaSet[]): Promise<Result> {
    const d = c.d;
    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(c, rsList, false);
      await syncDeploymentStatus(c, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
      return {};
    }
    checkPausedConditions(c);
    const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(c, rsList, false);
    if (d.spec?.paused || isScalingEvent(c, newRS, oldRSs)) {
      await scale(c, newRS, oldRSs);
      if (d.spec?.paused) await cleanupDeployment(c, oldRSs);
      await syncDeploymentStatus(c, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
      return {};
    }
    return d.spec?.strategy?.type === 'Recreate' ? rolloutRecreate(c, rsList) : rolloutRolling(c, rsList);
  }
}
