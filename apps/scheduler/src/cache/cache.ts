/**
 * The scheduler's view of the cluster: NodeInfos with the pods on them, bound (from the
 * informer) or assumed (chosen by this scheduler, binding in flight). Assuming a pod adds
 * its requests to the node at once, so the next cycle sees the space as taken without
 * waiting for the API round-trip; the informer's update confirms it, a failed bind forgets it.
 *
 * The DRA devices (classes, slices, allocated and in-flight devices) live here too, so every
 * plugin sees one GPU ledger (gpu-ledger.ts): NodeResourcesFit and DynamicResources alike.
 *
 * Cycles are synchronous, so the cache is its own snapshot: nothing changes during a cycle.
 */
import type { Node } from '@skiff/api';
import { DeviceState } from './device-state.ts';
import { NodeInfo } from './node-info.ts';
import { hasAffinityConstraints, type PodInfo } from './pod-info.ts';

interface PodState {
  info: PodInfo;
  nodeName: string;
  assumed: boolean;
}

export class SchedulerCache {
  readonly #nodes = new Map<string, NodeInfo>();
  readonly #pods = new Map<string, PodState>();
  readonly devices = new DeviceState();
  #list: NodeInfo[] | undefined;
  /** Pods (bound or assumed) with required anti-affinity: when 0, InterPodAffinity can skip its scan. */
  requiredAntiAffinityPods = 0;
  /** Pods (bound or assumed) carrying any pod (anti-)affinity term: their terms read other pods' labels. */
  affinityPods = 0;
  /**
   * Bumped by changes that can move any node's filter or score (device classes and slices,
   * claims, pods carrying affinity terms, namespaces, priority classes): a node ranking made before
   * cannot be reused (reuse/ranking.ts). Node-local changes are tracked per node instead.
   */
  epoch = 0;

  get nodeCount(): number {
    return this.nodeList().length;
  }

  /** Nodes that exist (a pod may reference a node whose object we have not seen). */
  nodeList(): NodeInfo[] {
    if (!this.#list) this.#list = [...this.#nodes.values()].filter((n) => n.node !== undefined);
    return this.#list;
  }

  getNode(name: string): NodeInfo | undefined {
    const n = this.#nodes.get(name);
    return n?.node ? n : undefined;
  }

  addOrUpdateNode(node: Node): NodeInfo {
    const name = node.metadata.name ?? '';
    let n = this.#nodes.get(name);
    if (!n) {
      n = new NodeInfo(name, node);
      this.#nodes.set(name, n);
      this.#list = undefined;
    } else {
      if (!n.node) this.#list = undefined;
      n.setNode(node);
    }
    return n;
  }

  removeNode(name: string): void {
    const n = this.#nodes.get(name);
    if (!n) return;
    this.#list = undefined;
    this.epoch++;
    // Keep the entry while pods still reference it (they are deleted by the node lifecycle).
    if (n.pods.size) n.node = undefined;
    else this.#nodes.delete(name);
  }

  isAssumed(key: string): boolean {
    return this.#pods.get(key)?.assumed ?? false;
  }

  podNode(key: string): string | undefined {
    return this.#pods.get(key)?.nodeName;
  }

  /** The pod is (now) bound to nodeName according to the API. Confirms an assumed pod. */
  addPod(info: PodInfo, nodeName: string): void {
    const old = this.#pods.get(info.key);
    if (old && old.nodeName !== nodeName) this.#nodeFor(old.nodeName).removePod(info.key);
    this.#count(old?.info, -1);
    this.#nodeFor(nodeName).addPod(info);
    this.#pods.set(info.key, { info, nodeName, assumed: false });
    this.#count(info, 1);
  }

  removePod(key: string): void {
    const st = this.#pods.get(key);
    if (!st) return;
    this.#pods.delete(key);
    this.#count(st.info, -1);
    const n = this.#nodes.get(st.nodeName);
    n?.removePod(key);
    if (n && !n.node && n.pods.size === 0) this.#nodes.delete(st.nodeName);
  }

  /** Count the pod on nodeName before the binding is written. */
  assume(info: PodInfo, nodeName: string): void {
    this.#count(this.#pods.get(info.key)?.info, -1);
    this.#nodeFor(nodeName).addPod(info);
    this.#pods.set(info.key, { info, nodeName, assumed: true });
    this.#count(info, 1);
  }

  #count(info: PodInfo | undefined, by: number): void {
    if (info?.requiredAntiAffinity.length) this.requiredAntiAffinityPods += by;
    if (info && hasAffinityConstraints(info)) this.affinityPods += by;
  }

  /** Undo assume (binding failed). A pod the informer has confirmed meanwhile stays. */
  forget(key: string): void {
    const st = this.#pods.get(key);
    if (!st?.assumed) return;
    this.removePod(key);
  }

  /** Every pod in the cache (bound and assumed), for gang counting and preemption. */
  *pods(): IterableIterator<PodInfo> {
    for (const st of this.#pods.values()) yield st.info;
  }

  #nodeFor(name: string): NodeInfo {
    let n = this.#nodes.get(name);
    if (!n) this.#nodes.set(name, (n = new NodeInfo(name)));
    return n;
  }
}
