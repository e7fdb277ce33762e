/**
 * A pod as the scheduler sees it, derived once per pod version: resource requests
 * (max(sum of containers, max init) + overhead, sidecars counted as upstream), priority,
 * and the parsed affinity terms the InterPodAffinity plugin matches against.
 */
import type { Pod, Container } from '@skiff/api';
import { labelSelectorFromSpec, type ParsedLabelSelector } from '@skiff/api';
import { DEFAULT_MEMORY, DEFAULT_MILLI_CPU, GPU, Resource, quantityValue } from './resource.ts';

export interface AffinityTerm {
  selector: ParsedLabelSelector;
  /** Namespaces the term applies to; empty = the pod's own namespace. */
  namespaces: Set<string>;
  /** namespaceSelector present and empty: all namespaces. */
  allNamespaces: boolean;
  topologyKey: string;
  weight: number;
}

export interface PodInfo {
  pod: Pod;
  key: string;
  uid: string;
  namespace: string;
  name: string;
  priority: number;
  requests: Resource;
  /** Requests with upstream's non-zero defaults, used by the balancing scores. */
  nonZeroCpu: number;
  nonZeroMemory: number;
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
  /** Pod asks for GPUs (extended resource or DRA claims): scored for bin-packing. */
  wantsGpu: boolean;
}

export function podKey(pod: Pick<Pod, 'metadata'>): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

function containerRequests(c: Container): Resource {
  const r = new Resource();
  const req = (c.resources?.requests ?? {}) as Record<string, unknown>;
  const lim = (c.resources?.limits ?? {}) as Record<string, unknown>;
  // Requests default to limits (apiserver defaulting does the same; be robust if it did not run).
  for (const name of new Set([...Object.keys(req), ...Object.keys(lim)])) r.set(name, quantityValue(name, req[name] ?? lim[name]));
  return r;
}

/** Upstream resourcehelper.PodRequests, including restartable (sidecar) init containers. */
export function podRequests(pod: Pod): Resource {
  const sum = new Resource();
  for (const c of pod.spec?.containers ?? []) sum.add(containerRequests(c));
  const initMax = new Resource();
  const sidecars = new Resource();
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      sum.add(r);
      sidecars.add(r);
      initMax.max(sidecars);
    } else {
      const withSidecars = r.clone();
      withSidecars.add(sidecars);
      initMax.max(withSidecars);
    }
  }
  sum.max(initMax);
  const overhead = (pod.spec as { overhead?: Record<string, unknown> } | undefined)?.overhead;
  if (overhead) sum.add(Resource.fromList(overhead));
  return sum;
}

function terms(list: readonly unknown[] | undefined, pod: Pod, weighted: boolean): AffinityTerm[] {
  const out: AffinityTerm[] = [];
  for (const raw of list ?? []) {
    const w = raw as { weight?: number; podAffinityTerm?: unknown };
    const t = (weighted ? w.podAffinityTerm : raw) as {
      labelSelector?: Parameters<typeof labelSelectorFromSpec>[0];
      namespaces?: string[];
      namespaceSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
      topologyKey: string;
    };
    if (!t) continue;
    const nsSel = t.namespaceSelector;
    const allNamespaces = !!nsSel && Object.keys(nsSel.matchLabels ?? {}).length === 0 && (nsSel.matchExpressions ?? []).length === 0;
    const namespaces = new Set(t.namespaces ?? []);
    if (namespaces.size === 0 && !nsSel) namespaces.add(pod.metadata.namespace ?? 'default');
    let selector: ParsedLabelSelector;
    try {
      selector = labelSelectorFromSpec(t.labelSelector);
    } catch {
      selector = { requirements: [], nothing: true };
    }
    out.push({ selector, namespaces, allNamespaces, topologyKey: t.topologyKey, weight: weighted ? (w.weight ?? 1) : 1 });
  }
  return out;
}

export function newPodInfo(pod: Pod, priority = pod.spec?.priority ?? 0): PodInfo {
  const requests = podRequests(pod);
  const aff = pod.spec?.affinity;
  return {
    pod,
    key: podKey(pod),
    uid: pod.metadata.uid ?? '',
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name ?? '',
    priority,
    requests,
    nonZeroCpu: requests.cpu || DEFAULT_MILLI_CPU,
    nonZeroMemory: requests.memory || DEFAULT_MEMORY,
    requiredAffinity: terms(aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution, pod, false),
    requiredAntiAffinity: terms(aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, pod, false),
    preferredAffinity: terms(aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, pod, true),
    preferredAntiAffinity: terms(aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, pod, true),
    wantsGpu: requests.get(GPU) > 0 || (pod.spec?.resourceClaims?.length ?? 0) > 0,
  };
}

export function hasAffinityConstraints(p: PodInfo): boolean {
  return p.requiredAffinity.length + p.requiredAntiAffinity.length + p.preferredAffinity.length + p.preferredAntiAffinity.length > 0;
}
