/**
 * Informers → scheduler: one shared informer per kind the scheduler reads, every change
 * forwarded to Scheduler.onEvent, and the informers' listers as the plugins' listers.
 */
import type { KubeObject } from '@skiff/api';
import type { Informer, ResourceRef, SharedInformerFactory } from '@skiff/client';
import type { Listers } from './framework/handle.ts';
import type { EventResource } from './queue/events.ts';
import * as R from './refs.ts';
import type { Scheduler } from './scheduler.ts';

const NAMESPACES: ResourceRef = { group: '', version: 'v1', plural: 'namespaces', namespaced: false, kind: 'Namespace' };

const WATCHED: [keyof Listers, ResourceRef, EventResource | undefined][] = [
  ['namespaces', NAMESPACES, undefined],
  ['priorityClasses', R.PRIORITY_CLASSES, 'PriorityClass'],
  ['deviceClasses', R.DEVICE_CLASSES, 'DeviceClass'],
  ['slices', R.RESOURCE_SLICES, 'ResourceSlice'],
  ['claimTemplates', R.RESOURCE_CLAIM_TEMPLATES, 'ResourceClaimTemplate'],
  ['claims', R.RESOURCE_CLAIMS, 'ResourceClaim'],
  ['podGroups', R.POD_GROUPS, 'PodGroup'],
  ['coschedulingPodGroups', R.COSCHEDULING_POD_GROUPS, 'PodGroup'],
  ['pods', R.PODS, 'Pod'],
];

export function informerListers(factory: SharedInformerFactory): Listers {
  const l = {} as Record<keyof Listers, unknown>;
  for (const [key, ref] of WATCHED) l[key] = factory.informerFor(ref).lister;
  return l as unknown as Listers;
}

/**
 * Forward events. Nodes first (their informer has no lister slot: the cache is the node view),
 * then the rest; handlers registered before start() see the initial list as adds.
 */
export function connectInformers(factory: SharedInformerFactory, s: Scheduler): Informer[] {
  const forward = (inf: Informer, r: EventResource): void => {
    inf.addEventHandler({
      onAdd: (o: KubeObject) => s.onEvent(r, 'Add', undefined, o),
      onUpdate: (a: KubeObject, b: KubeObject) => s.onEvent(r, 'Update', a, b),
      onDelete: (o: KubeObject) => s.onEvent(r, 'Delete', o, undefined),
    });
  };
  const nodes = factory.informerFor(R.NODES);
  forward(nodes, 'Node');
  const out: Informer[] = [nodes];
  for (const [, ref, r] of WATCHED) {
    const inf = factory.informerFor(ref);
    if (r) forward(inf, r);
    out.push(inf);
  }
  return out;
}
