/** Node condition taints and NoExecute toleration arithmetic (upstream taint manager). */
import type { Node, Pod, Taint, Toleration } from '@skiff/api';

export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';

/** The taints a Ready status calls for. */
export function conditionTaints(ready: string | undefined): { key: string; effect: 'NoSchedule' | 'NoExecute' }[] {
  const key = ready === 'Unknown' ? UNREACHABLE : ready === 'False' ? NOT_READY : undefined;
  return key ? [{ key, effect: 'NoSchedule' }, { key, effect: 'NoExecute' }] : [];
}

/** Node taints with the controller-owned ones made to match `ready`; undefined when unchanged. */
export function reconcileTaints(node: Node, ready: string | undefined, nowIso: string): Taint[] | undefined {
  const current = node.spec?.taints ?? [];
  const want = conditionTaints(ready);
  const owned = (t: Taint) => t.key === UNREACHABLE || t.key === NOT_READY;
  const keep = current.filter((t) => !owned(t) || want.some((w) => w.key === t.key && w.effect === t.effect));
  const add = want.filter((w) => !current.some((t) => t.key === w.key && t.effect === w.effect));
  if (keep.length === current.length && add.length === 0) return undefined;
  return [...keep, ...add.map((w) => (w.effect === 'NoExecute' ? { ...w, timeAdded: nowIso } : { ...w }))];
}

export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/**
 * When the pod must go because of the node's NoExecute taints: `0` now, a time in ms, or
 * undefined when it tolerates them all for ever.
 */
export function evictionTime(pod: Pod, taints: readonly Taint[]): number | undefined {
  let at: number | undefined;
  for (const taint of taints.filter((t) => t.effect === 'NoExecute')) {
    const tol = (pod.spec?.tolerations ?? []).filter((t) => tolerates(t, taint));
    if (!tol.length) return 0;
    const seconds = tol.map((t) => t.tolerationSeconds).filter((s): s is number => s !== undefined);
    if (seconds.length === 0) continue; // tolerated for ever
    const added = Date.parse(taint.timeAdded ?? '') || 0;
    const when = added + Math.max(0, Math.min(...seconds)) * 1000;
    at = at === undefined ? when : Math.min(at, when);
  }
  return at;
}
