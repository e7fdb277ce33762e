/** Wiring: changes to default/kubernetes (Service or slice) wake it; it is queued once at start. */
import type { KubeObject } from '@skiff/api';
import { controller, type Controller, type Request } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import type { ControllerDescriptor } from '../../registry.ts';
import { endpointSlicesRef, servicesRef } from '../../refs.ts';
import { DEFAULT_NAMESPACE, KUBERNETES } from './desired.ts';
import { KubernetesServiceReconciler } from './reconcile.ts';

const KEY = { namespace: DEFAULT_NAMESPACE, name: KUBERNETES };
const ours = (o: KubeObject): Request[] => (o.metadata.namespace === DEFAULT_NAMESPACE && o.metadata.name === KUBERNETES ? [KEY] : []);

export function newKubernetesServiceController(deps: ControllerDeps): Controller {
  const c = controller('kubernetes-service')
    .withFactory(deps.factory)
    .for(servicesRef)
    .watches(endpointSlicesRef, ours)
    .withHooks(deps.hooks ?? {})
    .onError((e, key) => deps.logger.error({ err: e, controller: 'kubernetes-service', key }, 'reconcile failed'))
    .reconcile(new KubernetesServiceReconciler(deps));
  c.queue.add(`${DEFAULT_NAMESPACE}/${KUBERNETES}`); // it may not exist yet: nothing else would enqueue it
  return c;
}

export const kubernetesServiceController: ControllerDescriptor = { name: 'kubernetes-service', enabledByDefault: true, create: newKubernetesServiceController };
