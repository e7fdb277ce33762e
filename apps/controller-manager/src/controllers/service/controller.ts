/** Wiring: services enqueue themselves; one worker so allocations never race. */
import { controller, type Controller } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import type { ControllerDescriptor } from '../../registry.ts';
import { servicesRef } from '../../refs.ts';
import { ServiceIpReconciler } from './reconcile.ts';

export function newServiceIpController(deps: ControllerDeps): Controller {
  return controller('service-ip')
    .withFactory(deps.factory)
    .for(servicesRef)
    .withWorkers(1)
    .withHooks(deps.hooks ?? {})
    .onError((e, key) => deps.logger.error({ err: e, controller: 'service-ip', key }, 'reconcile failed'))
    .reconcile(new ServiceIpReconciler(deps));
}

export const serviceIpController: ControllerDescriptor = { name: 'service-ip', enabledByDefault: true, create: newServiceIpController };
