/**
 * The literal name → factory map (kube-scheduler plugins/registry.go). Config enables
 * plugins by these names; an unknown name is a startup error, not a silent no-op.
 */
import type { Handle } from '../framework/handle.ts';
import type { Plugin } from '../framework/interface.ts';
import * as N from './names.ts';
import { PrioritySortPlugin } from './priority-sort/priority-sort.ts';
import { NodeNamePlugin } from './node-name/node-name.ts';
import { NodeUnschedulablePlugin } from './node-unschedulable/node-unschedulable.ts';
import { NodeResourcesFitPlugin, type NodeResourcesFitArgs } from './node-resources-fit/node-resources-fit.ts';
import { NodeAffinityPlugin } from './node-affinity/node-affinity.ts';
import { TaintTolerationPlugin } from './taint-toleration/taint-toleration.ts';
import { InterPodAffinityPlugin } from './inter-pod-affinity/inter-pod-affinity.ts';
import { PodTopologySpreadPlugin } from './pod-topology-spread/pod-topology-spread.ts';
import { ImageLocalityPlugin } from './image-locality/image-locality.ts';
import { DynamicResourcesPlugin } from './dynamic-resources/dynamic-resources.ts';
import { DefaultPreemptionPlugin } from './default-preemption/default-preemption.ts';
import { DefaultBinderPlugin } from './default-binder/default-binder.ts';
import { GangSchedulingPlugin } from './gang-scheduling/gang-scheduling.ts';
import type { GangSchedulingArgs } from './gang-scheduling/timeout.ts';
import { allocateOnNode } from '../dra/index.ts';

export type PluginFactory = (args: Record<string, unknown>, h: Handle) => Plugin;

export const REGISTRY: Record<string, PluginFactory> = {
  [N.PrioritySort]: () => new PrioritySortPlugin(),
  [N.NodeName]: () => new NodeNamePlugin(),
  [N.NodeUnschedulable]: () => new NodeUnschedulablePlugin(),
  [N.NodeResourcesFit]: (args, h) => new NodeResourcesFitPlugin(args as NodeResourcesFitArgs, h.cache.devices),
  [N.NodeAffinity]: () => new NodeAffinityPlugin(),
  [N.TaintToleration]: () => new TaintTolerationPlugin(),
  [N.InterPodAffinity]: (_a, h) => new InterPodAffinityPlugin(h),
  [N.PodTopologySpread]: () => new PodTopologySpreadPlugin(),
  [N.ImageLocality]: () => new ImageLocalityPlugin(),
  [N.DynamicResources]: (_a, h) => new DynamicResourcesPlugin(h, allocateOnNode),
  [N.GangScheduling]: (args, h) => new GangSchedulingPlugin(h, args as GangSchedulingArgs),
  [N.DefaultPreemption]: (_a, h) => new DefaultPreemptionPlugin(h),
  // pluginArgs: { DefaultBinder: { batch: false } } binds one pod per request, as upstream.
  [N.DefaultBinder]: (args, h) => new DefaultBinderPlugin(h, { batch: (args as { batch?: boolean } | undefined)?.batch !== false }),
};

export function buildPlugins(names: readonly string[], args: Record<string, Record<string, unknown>>, h: Handle): Plugin[] {
  return names.map((n) => {
    const f = REGISTRY[n];
    if (!f) throw new Error(`unknown scheduler plugin "${n}" (known: ${Object.keys(REGISTRY).join(', ')})`);
    return f(args[n] ?? {}, h);
  });
}
