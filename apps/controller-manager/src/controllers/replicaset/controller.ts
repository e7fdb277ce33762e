/**
 * Wiring: ReplicaSets enqueue themselves; pods enqueue their controlling ReplicaSet (and,
 * when orphaned, every ReplicaSet whose selector matches them, for adoption). Pod events
 * lower the expectations the reconciler raised.
 */
import type { KubeObject, Pod, ReplicaSet } from '@skiff/api';
import { labelSelectorFromSpec, matchesLabels } from '@skiff/api';
import { controller, controllerOf, ownerRequest, requestKey, type Controller, type Request } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import type { ControllerDescriptor } from '../../registry.ts';
import { podsRef, replicaSetsRef } from '../../refs.ts';
import { isTerminating, podKey } from '../../util/pods.ts';
import { ReplicaSetReconciler } from './reconcile.ts';

export function newReplicaSetController(deps: ControllerDeps): Controller {
  const r = new ReplicaSetReconciler(deps);
  const rsInformer = deps.factory.informerFor<ReplicaSet>(replicaSetsRef);
  const pods = deps.factory.informerFor<Pod>(podsRef);
  const ownerKey = (p: KubeObject): string | undefined => {
    const req = ownerRequest(p, replicaSetsRef);
    return req && requestKey(req);
  };
  const observeDeleted = (p: Pod): void => {
    const k = ownerKey(p);
    if (k && r.pendingDeletes.get(k)?.delete(podKey(p))) r.expectations.deletionObserved(k);
  };
  pods.addEventHandler({
    onAdd: (p) => {
      const k = ownerKey(p);
      if (k && !isTerminating(p)) r.expectations.creationObserved(k);
      if (isTerminating(p)) observeDeleted(p);
    },
    onUpdate: (_o, p) => {
      if (isTerminating(p)) observeDeleted(p);
    },
    onDelete: observeDeleted,
  });
  const orphanOwners = (obj: KubeObject): Request[] => {
    if (controllerOf(obj)) return [];
    const ns = obj.metadata.namespace ?? '';
    return rsInformer.lister
      .list(ns)
      .filter((rs) => matchesLabels(labelSelectorFromSpec(rs.spec?.selector), obj.metadata.labels))
      .map((rs) => ({ namespace: ns, name: rs.metadata.name ?? '' }));
  };
  return controller('replicaset')
    .withFactory(deps.factory)
    .for(replicaSetsRef)
    .owns(podsRef)
    .watches(podsRef, orphanOwners)
    .withWorkers(deps.options.workers)
    .withHooks(deps.hooks ?? {})
    .onError((e, key) => deps.logger.error({ err: e, controller: 'replicaset', key }, 'reconcile failed'))
    .reconcile(r);
}

export const replicaSetController: ControllerDescriptor = { name: 'replicaset', enabledByDefault: true, create: newReplicaSetController };
