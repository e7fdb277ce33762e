/**
 * Which pods `drain` removes, as kubectl's drain filters decide (k8s.io/kubectl/pkg/drain
 * filters.go): mirror pods are left alone; DaemonSet pods, pods with emptyDir data and pods no
 * controller owns block the drain unless the matching flag turns the block into a warning;
 * finished pods always go.
 */
import type { Loose } from '../describe/format.ts';

export interface DrainFlags {
  force?: boolean;
  ignoreDaemonsets?: boolean;
  deleteEmptydirData?: boolean;
}

export interface PodVerdict {
  pod: Loose;
  remove: boolean;
  /** The blocking error or the warning, by kubectl's message. */
  error?: string;
  warning?: string;
}

const controllerOf = (p: Loose): Loose | undefined => (p.metadata.ownerReferences ?? []).find((o: Loose) => o.controller);
const finished = (p: Loose): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** What GETting a pod's DaemonSet said: nothing (it exists) or the error. */
export interface DaemonSetLookup {
  error?: string;
  notFound?: boolean;
}

export const daemonSetOf = (p: Loose): string | undefined => {
  const owner = controllerOf(p);
  return owner?.kind === 'DaemonSet' ? owner.name : undefined;
};

/**
 * kubectl runs every filter and keeps the last one's status, so a warning from an earlier filter
 * (an orphaned DaemonSet pod under --force) is not printed when a later filter passes the pod.
 */
export function judge(pod: Loose, f: DrainFlags, ds: DaemonSetLookup = {}): PodVerdict {
  const owner = controllerOf(pod);
  if (owner?.kind === 'DaemonSet' && !(ds.notFound && f.force)) {
    if (ds.error) return { pod, remove: false, error: ds.error };
    return f.ignoreDaemonsets
      ? { pod, remove: false, warning: 'ignoring DaemonSet-managed Pods' }
      : { pod, remove: false, error: 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' };
  }
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return { pod, remove: false };
  let verdict: PodVerdict = { pod, remove: true };
  if (!finished(pod) && (pod.spec?.volumes ?? []).some((v: Loose) => v.emptyDir)) {
    if (!f.deleteEmptydirData) return { pod, remove: false, error: 'cannot delete Pods with local storage (use --delete-emptydir-data to override)' };
    verdict = { pod, remove: true, warning: 'deleting Pods with local storage' };
  }
  if (!finished(pod) && !owner) {
    if (!f.force) return { pod, remove: false, error: 'cannot delete Pods that declare no controller (use --force to override)' };
    verdict = { pod, remove: true, warning: 'deleting Pods that declare no controller' };
  }
  return verdict;
}

/** `msg: ns/a, ns/b` per message (kubectl: errors prefixed "cannot delete ", warnings joined by "; "). */
export function grouped(verdicts: PodVerdict[], key: 'error' | 'warning'): string[] {
  const by = new Map<string, string[]>();
  for (const v of verdicts) {
    const msg = v[key];
    if (msg) by.set(msg, [...(by.get(msg) ?? []), `${v.pod.metadata.namespace}/${v.pod.metadata.name}`]);
  }
  return [...by].sort(([a], [b]) => a.localeCompare(b)).map(([msg, pods]) => `${msg}: ${pods.join(', ')}`);
}
