/**
 * Named controller descriptors (kube-controller-manager's controller_descriptor.go):
 * `--controllers=*,-foo` picks them by name.
 */
import type { Controller } from '@skiff/controller';
import type { ControllerDeps } from './deps.ts';
import { deploymentController } from './controllers/deployment/controller.ts';
import { disruptionController } from './controllers/disruption/controller.ts';
import { garbageCollectorController } from './controllers/garbagecollector/controller.ts';
import { jobController } from './controllers/job/controller.ts';
import { kubernetesServiceController } from './controllers/kubernetesservice/controller.ts';
import { resourceClaimController } from './controllers/resourceclaim/controller.ts';
import { serviceIpController } from './controllers/service/controller.ts';
import { endpointSliceController } from './controllers/endpointslice/controller.ts';
import { nodeLifecycleController } from './controllers/nodelifecycle/controller.ts';
import { replicaSetController } from './controllers/replicaset/controller.ts';

export interface ControllerDescriptor {
  name: string;
  enabledByDefault: boolean;
  create(deps: ControllerDeps): Controller;
}

/** Every controller this manager knows, in start order. */
export const CONTROLLERS: readonly ControllerDescriptor[] = [replicaSetController, deploymentController, garbageCollectorController, jobController, resourceClaimController, serviceIpController, kubernetesServiceController, endpointSliceController, nodeLifecycleController, disruptionController];

/**
 * `*` = every enabled-by-default controller, `foo` = enable foo, `-foo` = disable foo
 * (the kube-controller-manager --controllers syntax). Unknown names are an error.
 */
export function selectControllers(spec: readonly string[], all: readonly ControllerDescriptor[] = CONTROLLERS): ControllerDescriptor[] {
  const items = spec.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const names = new Set(all.map((d) => d.name));
  for (const item of items) {
    const name = item.replace(/^-/, '');
    if (name !== '*' && !names.has(name)) throw new Error(`unknown controller "${name}" (known: ${[...names].join(', ')})`);
  }
  const star = items.length === 0 || items.includes('*');
  return all.filter((d) => {
    if (items.includes(`-${d.name}`)) return false;
    if (items.includes(d.name)) return true;
    return star && d.enabledByDefault;
  });
}
