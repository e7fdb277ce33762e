/** Wiring: nodes and their leases enqueue the node; pods their node (a new pod on a tainted node). */
import type { KubeObject, Pod } from '@skiff/api';
import { controller, type Controller, type Request } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import type { ControllerDescriptor } from '../../registry.ts';
import { nodeLeasesRef, nodesRef, podsRef } from '../../refs.ts';
import { NODE_LEASE_NAMESPACE, NodeLifecycleReconciler } from './reconcile.ts';

export function newNodeLifecycleController(deps: ControllerDeps): Controller {
  const leaseNode = (l: KubeObject): Request[] => [{ namespace: '', name: l.metadata.name ?? '' }];
  const podNode = (p: KubeObject): Request[] => {
    const n = (p as Pod).spec?.nodeName;
    return n ? [{ namespace: '', name: n }] : [];
  };
  return controller('nodelifecycle')
    .withFactory(deps.factory)
    .for(nodesRef)
    .watches(nodeLeasesRef, leaseNode, { namespace: NODE_LEASE_NAMESPACE })
    .watches(podsRef, podNode)
    .withWorkers(deps.options.workers)
    .withHooks(deps.hooks ?? {})
    .onError((e, key) => deps.logger.error({ err: e, controller: 'nodelifecycle', key }, 'reconcile failed'))
    .reconcile(new NodeLifecycleReconciler(deps));
}

export const nodeLifecycleController: ControllerDescriptor = { name: 'nodelifecycle', enabledByDefault: true, create: newNodeLifecycleController };
