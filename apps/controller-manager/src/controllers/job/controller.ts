/** Wiring: Jobs enqueue themselves, pods their controlling Job; pod events lower expectations. */
import type { Pod } from '@skiff/api';
import { controller, type Controller } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import type { ControllerDescriptor } from '../../registry.ts';
import { jobsRef, podsRef } from '../../refs.ts';
import { JobReconciler } from './reconcile.ts';

export function newJobController(deps: ControllerDeps): Controller {
  const r = new JobReconciler(deps);
  r.exp.wire(deps.factory.informerFor<Pod>(podsRef), jobsRef);
  return controller('job')
    .withFactory(deps.factory)
    .for(jobsRef)
    .owns(podsRef)
    .withWorkers(deps.options.workers)
    .withHooks(deps.hooks ?? {})
    .onError((e, key) => deps.logger.error({ err: e, controller: 'job', key }, 'reconcile failed'))
    .reconcile(r);
}

export const jobController: ControllerDescriptor = { name: 'job', enabledByDefault: true, create: newJobController };
