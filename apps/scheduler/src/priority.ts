/**
 * A pod's priority as admission would set it: spec.priority if set, else the value of its
 * PriorityClass, else the globalDefault class's, else 0 (kube-apiserver's Priority plugin;
 * the scheduler fills it in when admission did not).
 */
import type { Pod, PriorityClass } from '@skiff/api';
import type { ReadLister } from './api.ts';

export function podPriority(pod: Pod, classes: ReadLister<PriorityClass>): number {
  const p = pod.spec?.priority;
  if (typeof p === 'number') return p;
  const name = pod.spec?.priorityClassName;
  if (name) {
    const c = classes.get(undefined, name);
    if (c) return c.value;
    if (name === 'system-node-critical') return 2_000_001_000;
    if (name === 'system-cluster-critical') return 2_000_000_000;
  }
  for (const c of classes.list()) if (c.globalDefault) return c.value;
  return 0;
}
