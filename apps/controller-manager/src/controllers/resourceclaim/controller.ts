/** Wiring: pods enqueue themselves; claims their owning pod; a new template every pod of its namespace naming it. */
import type { KubeObject, Pod } from '@skiff/api';
import { controller, ownerRequest, type Controller, type Request } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import type { ControllerDescriptor } from '../../registry.ts';
import { podsRef, resourceClaimsRef, resourceClaimTemplatesRef } from '../../refs.ts';
import { ResourceClaimTemplateReconciler } from './reconcile.ts';

export function newResourceClaimController(deps: ControllerDeps): Controller {
  const pods = deps.factory.informerFor<Pod>(podsRef);
  const claimOwner = (o: KubeObject): Request[] => {
    const r = ownerRequest(o, podsRef);
    return r ? [r] : [];
  };
  const templateUsers = (t: KubeObject): Request[] =>
    pods.lister
      .list(t.metadata.namespace)
      .filter((p) => p.spec?.resourceClaims?.some((c) => c.resourceClaimTemplateName === t.metadata.name))
      .map((p) => ({ namespace: p.metadata.namespace ?? '', name: p.metadata.name ?? '' }));
  return controller('resourceclaim')
    .withFactory(deps.factory)
    .for(podsRef)
    .watches(resourceClaimsRef, claimOwner)
    .watches(resourceClaimTemplatesRef, templateUsers)
    .withWorkers(deps.options.workers)
    .withHooks(deps.hooks ?? {})
    .onError((e, key) => deps.logger.error({ err: e, controller: 'resourceclaim', key }, 'reconcile failed'))
    .reconcile(new ResourceClaimTemplateReconciler(deps));
}

export const resourceClaimController: ControllerDescriptor = { name: 'resourceclaim', enabledByDefault: true, create: newResourceClaimController };
