/**
 * Wiring: budgets enqueue themselves; a pod enqueues every budget in its namespace that selects
 * it (old and new labels, so a pod that stops matching updates the budget it left); a
 * ReplicaSet, Deployment or Job enqueues the budgets of its namespace, since its scale is a
 * budget's expectedPods.
 */
import type { KubeObject, PodDisruptionBudget } from '@skiff/api';
import { controller, type Controller, type Request } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import type { ControllerDescriptor } from '../../registry.ts';
import { deploymentsRef, jobsRef, podsRef, replicaSetsRef } from '../../refs.ts';
import { DisruptionReconciler, podDisruptionBudgetsRef, podsFor } from './reconcile.ts';

export function newDisruptionController(deps: ControllerDeps): Controller {
  const pdbs = deps.factory.informerFor<PodDisruptionBudget>(podDisruptionBudgetsRef);
  const key = (pdb: PodDisruptionBudget): Request => ({ namespace: pdb.metadata.namespace ?? '', name: pdb.metadata.name ?? '' });
  const budgetsOfPod = (pod: KubeObject): Request[] =>
    pdbs.lister
      .list(pod.metadata.namespace ?? '')
      .filter((pdb) => podsFor(pdb, [pod as never]).length > 0)
      .map(key);
  const budgetsOfNamespace = (obj: KubeObject): Request[] => pdbs.lister.list(obj.metadata.namespace ?? '').map(key);
  return controller('disruption')
    .withFactory(deps.factory)
    .for(podDisruptionBudgetsRef)
    .watches(podsRef, budgetsOfPod)
    .watches(replicaSetsRef, budgetsOfNamespace)
    .watches(deploymentsRef, budgetsOfNamespace)
    .watches(jobsRef, budgetsOfNamespace)
    .withWorkers(deps.options.workers)
    .withHooks(deps.hooks ?? {})
    .onError((e, k) => deps.logger.error({ err: e, controller: 'disruption', key: k }, 'reconcile failed'))
    .reconcile(new DisruptionReconciler(deps));
}

export const disruptionController: ControllerDescriptor = { name: 'disruption', enabledByDefault: true, create: newDisruptionController };
