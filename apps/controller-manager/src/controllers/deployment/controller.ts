/**
 * Wiring: Deployments enqueue themselves; ReplicaSets their controlling Deployment (or, when
 * orphaned, every Deployment whose selector matches); pods of a Recreate Deployment wake it
 * when they go (it waits for old pods to stop).
 */
import type { Deployment, KubeObject, ReplicaSet } from '@skiff/api';
import { labelSelectorFromSpec, matchesLabels } from '@skiff/api';
import { controller, controllerOf, ownerRequest, type Controller, type Request } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import type { ControllerDescriptor } from '../../registry.ts';
import { deploymentsRef, podsRef, replicaSetsRef } from '../../refs.ts';
import { DeploymentReconciler } from './reconcile.ts';

export function newDeploymentController(deps: ControllerDeps): Controller {
  const deployments = deps.factory.informerFor<Deployment>(deploymentsRef);
  const replicaSets = deps.factory.informerFor<ReplicaSet>(replicaSetsRef);
  const orphanRS = (obj: KubeObject): Request[] => {
    if (controllerOf(obj)) return [];
    const ns = obj.metadata.namespace ?? '';
    return deployments.lister
      .list(ns)
      .filter((d) => matchesLabels(labelSelectorFromSpec(d.spec?.selector), obj.metadata.labels))
      .map((d) => ({ namespace: ns, name: d.metadata.name ?? '' }));
  };
  const recreatePodOwner = (pod: KubeObject): Request[] => {
    const rsReq = ownerRequest(pod, replicaSetsRef);
    const rs = rsReq && replicaSets.lister.get(rsReq.namespace, rsReq.name);
    const dReq = rs && ownerRequest(rs, deploymentsRef);
    const d = dReq && deployments.lister.get(dReq.namespace, dReq.name);
    return d?.spec?.strategy?.type === 'Recreate' && dReq ? [dReq] : [];
  };
  return controller('deployment')
    .withFactory(deps.factory)
    .for(deploymentsRef)
    .owns(replicaSetsRef)
    .watches(replicaSetsRef, orphanRS)
    .watches(podsRef, recreatePodOwner)
    .withWorkers(deps.options.workers)
    .withHooks(deps.hooks ?? {})
    .onError((e, key) => deps.logger.error({ err: e, controller: 'deployment', key }, 'reconcile failed'))
    .reconcile(new DeploymentReconciler(deps));
}

export const deploymentController: ControllerDescriptor = { name: 'deployment', enabledByDefault: true, create: newDeploymentController };
