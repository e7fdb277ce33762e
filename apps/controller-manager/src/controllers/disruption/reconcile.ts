/**
 * The disruption controller's sync (upstream pkg/controller/disruption trySync): from the
 * budget's matching pods compute expectedPods, desiredHealthy, currentHealthy and
 * disruptionsAllowed, and write the status through /status only when it changed.
 *
 * The write is a PUT carrying the cached resourceVersion: pods/eviction decrements
 * disruptionsAllowed in between, and a blind write would hand that disruption out again. A
 * conflict therefore means "look again", not a failure. A budget whose expected pods cannot be
 * computed (a controller that cannot be found) fails safe: disruptionsAllowed 0, SyncFailed.
 */
import type { Deployment, Job, Pod, PodDisruptionBudget, ReplicaSet } from '@skiff/api';
import { labelSelectorFromSpec, matchesLabels } from '@skiff/api';
import { isConflict, isNotFound, type Informer, type ResourceRef } from '@skiff/client';
import type { ReconcileContext, Reconciler, Request, Result } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import { deploymentsRef, jobsRef, podsRef, replicaSetsRef } from '../../refs.ts';
import { expectedPodCount, BudgetError, type Owners } from './expected.ts';
import { budgetStatus, countHealthy, disruptedPodMap, failSafeStatus, type BudgetStatus } from './status.ts';

export const podDisruptionBudgetsRef: ResourceRef = { group: 'policy', version: 'v1', plural: 'poddisruptionbudgets', namespaced: true, kind: 'PodDisruptionBudget' };

/** The pods a budget selects: same namespace, selector matches (an empty selector selects all, a missing one none). */
export function podsFor(pdb: PodDisruptionBudget, pods: readonly Pod[]): Pod[] {
  let sel;
  try {
    sel = labelSelectorFromSpec(pdb.spec?.selector);
  } catch {
    return [];
  }
  return pods.filter((p) => p.metadata.namespace === pdb.metadata.namespace && matchesLabels(sel, p.metadata.labels));
}

/** Key-order-insensitive equality: the stored status and ours may list fields differently. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}
const same = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a ?? {})) === JSON.stringify(canonical(b ?? {}));

export class DisruptionReconciler implements Reconciler {
  readonly #deps: ControllerDeps;
  readonly #pdbs: Informer<PodDisruptionBudget>;
  readonly #pods: Informer<Pod>;
  readonly #owners: Owners;

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    this.#pdbs = deps.factory.informerFor<PodDisruptionBudget>(podDisruptionBudgetsRef);
    this.#pods = deps.factory.informerFor<Pod>(podsRef);
    const rs = deps.factory.informerFor<ReplicaSet>(replicaSetsRef);
    const dep = deps.factory.informerFor<Deployment>(deploymentsRef);
    const jobs = deps.factory.informerFor<Job>(jobsRef);
    this.#owners = {
      replicaSet: (ns, name) => rs.lister.get(ns, name),
      deployment: (ns, name) => dep.lister.get(ns, name),
      job: (ns, name) => jobs.lister.get(ns, name),
    };
  }

  async reconcile(ctx: ReconcileContext, req: Request): Promise<Result> {
    const pdb = this.#pdbs.lister.get(req.namespace, req.name);
    if (!pdb) return {};
    const now = this.#deps.now();
    const pods = podsFor(pdb, this.#pods.lister.list(req.namespace));
    let status: BudgetStatus;
    let recheckAt: number | undefined;
    try {
      const expected = expectedPodCount(pdb, pods, this.#owners);
      const { disrupted, recheckAt: at } = disruptedPodMap(pods, pdb, now);
      recheckAt = at;
      status = budgetStatus(pdb, { expectedPods: expected.expectedPods, desiredHealthy: expected.desiredHealthy, currentHealthy: countHealthy(pods, disrupted), disrupted }, now);
    } catch (e) {
      if (!(e instanceof BudgetError)) throw e;
      status = failSafeStatus(pdb, e.message, now);
    }
    if (!same(pdb.status, status)) {
      try {
        await this.#deps.client.updateStatus(podDisruptionBudgetsRef, { ...structuredClone(pdb), status }, { signal: ctx.signal });
      } catch (e) {
        if (isNotFound(e)) return {};
        if (isConflict(e)) return { requeue: true }; // an eviction (or another writer) got there first
        throw e;
      }
    }
    return recheckAt === undefined ? {} : { requeueAfterMs: recheckAt - now };
  }
}
