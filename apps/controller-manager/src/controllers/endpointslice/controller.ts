/**
 * Wiring: services enqueue themselves; slices their owning service; pods every service in
 * their namespace whose selector matches them now or matched them before the change.
 */
import type { KubeObject, Service } from '@skiff/api';
import { labelSelectorFromSpec, matchesLabels } from '@skiff/api';
import { controller, type Controller, type Request } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import type { ControllerDescriptor } from '../../registry.ts';
import { endpointSlicesRef, podsRef, servicesRef } from '../../refs.ts';
import { EndpointSliceReconciler } from './reconcile.ts';

export function newEndpointSliceController(deps: ControllerDeps): Controller {
  const services = deps.factory.informerFor<Service>(servicesRef);
  const selecting = (pod: KubeObject): Request[] =>
    services.lister
      .list(pod.metadata.namespace)
      .filter((s) => s.spec?.selector && matchesLabels(labelSelectorFromSpec({ matchLabels: s.spec.selector }), pod.metadata.labels))
      .map((s) => ({ namespace: s.metadata.namespace ?? '', name: s.metadata.name ?? '' }));
  return controller('endpointslice')
    .withFactory(deps.factory)
    .for(servicesRef)
    .owns(endpointSlicesRef)
    .watches(podsRef, selecting)
    .withWorkers(deps.options.workers)
    .withHooks(deps.hooks ?? {})
    .onError((e, key) => deps.logger.error({ err: e, controller: 'endpointslice', key }, 'reconcile failed'))
    .reconcile(new EndpointSliceReconciler(deps));
}

export const endpointSliceController: ControllerDescriptor = { name: 'endpointslice', enabledByDefault: true, create: newEndpointSliceController };
