/**
 * What the scheduler knows about one node: the Node object, its allocatable resources
 * (parsed once per node version), the pods on it (bound or assumed) and their summed
 * requests, and image sizes for ImageLocality. Filters read it; only the cache mutates it.
 */
import type { Node } from '@skiff/api';
import { hasAffinityConstraints, type PodInfo } from './pod-info.ts';
import { PODS, Resource, quantityValue } from './resource.ts';

/** kubelet's default --max-pods, used when a node does not advertise `pods`. */
export const DEFAULT_MAX_PODS = 110;

/** One clock for every NodeInfo change, so "changed since" is one comparison (reuse/ranking.ts). */
let tick = 0;
export const changeTick = (): number => tick;

export class NodeInfo {
  readonly name: string;
  node: Node | undefined;
  allocatable = new Resource();
  allowedPods = DEFAULT_MAX_PODS;
  readonly requested = new Resource();
  nonZeroCpu = 0;
  nonZeroMemory = 0;
  readonly pods = new Map<string, PodInfo>();
  /** Pods carrying (anti-)affinity terms, scanned by InterPodAffinity for existing-pod constraints. */
  readonly podsWithAffinity = new Map<string, PodInfo>();
  readonly podsWithRequiredAntiAffinity = new Map<string, PodInfo>();
  /** image name → size in bytes. */
  images = new Map<string, number>();
  /** Bumped on every change (tests and debugging). */
  generation = 0;
  /** changeTick() at the last change. */
  changedAt = 0;

  constructor(name: string, node?: Node) {
    this.name = name;
    if (node) this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    const alloc = (node.status?.allocatable ?? node.status?.capacity ?? {}) as Record<string, unknown>;
    this.allocatable = Resource.fromList(alloc);
    this.allowedPods = alloc[PODS] !== undefined ? quantityValue(PODS, alloc[PODS]) : DEFAULT_MAX_PODS;
    const images = new Map<string, number>();
    for (const img of node.status?.images ?? []) for (const n of img.names ?? []) images.set(n, img.sizeBytes ?? 0);
    this.images = images;
    this.generation++;
    this.changedAt = ++tick;
  }

  get labels(): Record<string, string> {
    return (this.node?.metadata.labels ?? {}) as Record<string, string>;
  }

  addPod(p: PodInfo): void {
    if (this.pods.has(p.key)) this.removePod(p.key);
    this.pods.set(p.key, p);
    this.requested.add(p.requests);
    this.nonZeroCpu += p.nonZeroCpu;
    this.nonZeroMemory += p.nonZeroMemory;
    if (hasAffinityConstraints(p)) this.podsWithAffinity.set(p.key, p);
    if (p.requiredAntiAffinity.length) this.podsWithRequiredAntiAffinity.set(p.key, p);
    this.generation++;
    this.changedAt = ++tick;
  }

  removePod(key: string): PodInfo | undefined {
    const p = this.pods.get(key);
    if (!p) return undefined;
    this.pods.delete(key);
    this.requested.add(p.requests, -1);
    this.nonZeroCpu -= p.nonZeroCpu;
    this.nonZeroMemory -= p.nonZeroMemory;
    this.podsWithAffinity.delete(key);
    this.podsWithRequiredAntiAffinity.delete(key);
    this.generation++;
    this.changedAt = ++tick;
    return p;
  }

  /** A detached copy for preemption's what-if (pods shared, totals copied). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.node = this.node;
    c.allocatable = this.allocatable;
    c.allowedPods = this.allowedPods;
    c.images = this.images;
    for (const p of this.pods.values()) c.addPod(p);
    return c;
  }
}
