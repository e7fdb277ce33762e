/**
 * Wiring: every event on a watched object enqueues the object itself (its owners may be
 * gone), its owners (one may be waiting for dependents) and, when it is deleted, its
 * dependents (now possibly orphaned).
 */
import type { KubeObject } from '@skiff/api';
import { Controller } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import type { ControllerDescriptor } from '../../registry.ts';
import { GRAPH_KINDS, nodeKey, ObjectGraph } from './graph.ts';
import { GarbageCollector } from './reconcile.ts';

export function newGarbageCollector(deps: ControllerDeps): Controller {
  const graph = new ObjectGraph(deps.factory);
  return new Controller({
    name: 'garbagecollector',
    reconciler: new GarbageCollector(deps.client, graph),
    workers: deps.options.workers,
    informers: graph.informers,
    ...(deps.hooks ? { hooks: deps.hooks } : {}),
    onError: (e, key) => deps.logger.error({ err: e, controller: 'garbagecollector', key }, 'reconcile failed'),
    wire: (enqueue) => {
      const owners = (o: KubeObject): void => {
        for (const r of o.metadata.ownerReferences ?? []) {
          const owner = graph.byUid(r.uid);
          if (owner) enqueue(nodeKey(owner.ref, owner.obj));
        }
      };
      const offs = GRAPH_KINDS.map((ref, i) =>
        graph.informers[i]!.addEventHandler({
          onAdd: (o) => {
            if (o.metadata.ownerReferences?.length || o.metadata.deletionTimestamp) enqueue(nodeKey(ref, o));
          },
          onUpdate: (_old, o) => {
            if (o.metadata.ownerReferences?.length || o.metadata.deletionTimestamp) enqueue(nodeKey(ref, o));
            if (o.metadata.deletionTimestamp) owners(o);
          },
          onDelete: (o) => {
            owners(o);
            for (const d of graph.dependents(o.metadata.uid ?? '')) enqueue(nodeKey(d.ref, d.obj));
          },
        }),
      );
      return () => offs.forEach((off) => off());
    },
  });
}

export const garbageCollectorController: ControllerDescriptor = { name: 'garbagecollector', enabledByDefault: true, create: newGarbageCollector };
