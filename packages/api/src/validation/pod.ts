/**
 * Pod validation. On update the spec is immutable except for what upstream allows
 * (ValidatePodUpdate): container images, activeDeadlineSeconds, added tolerations,
 * removed scheduling gates. Everything else is FieldValueForbidden on `spec`.
 */
import type { Pod, PodSpec } from '../kinds/pod.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { validateObjectMeta } from './object-meta.ts';
import { validatePodSpec } from './pod-spec.ts';

export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

export function validatePod(pod: Pod, old?: Pod): StatusCause[] {
  const out = [...validateObjectMeta(pod.metadata, { namespaced: true, name: 'subdomain' }), ...validatePodSpec(pod.spec, 'spec')];
  if (old) out.push(...validatePodSpecUpdate(pod.spec, old.spec));
  return out;
}

export function validatePodSpecUpdate(next: PodSpec | undefined, prev: PodSpec | undefined): StatusCause[] {
  if (!next || !prev) return [];
  const out: StatusCause[] = [];
  const prevTolerations = JSON.stringify(prev.tolerations ?? []);
  const keptTolerations = (next.tolerations ?? []).slice(0, (prev.tolerations ?? []).length);
  if (JSON.stringify(keptTolerations) !== prevTolerations) out.push(cause.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
  const nextGates = (next.schedulingGates ?? []).map((g) => g.name);
  const prevGates = new Set((prev.schedulingGates ?? []).map((g) => g.name));
  if (nextGates.some((g) => !prevGates.has(g))) out.push(cause.forbidden('spec.schedulingGates', 'only deletion is allowed, but found new scheduling gate'));

  // Compare with the mutable fields copied over from the old spec.
  const a = structuredClone(next) as PodSpec;
  const b = prev;
  a.containers = a.containers.map((c, i) => ({ ...c, image: b.containers[i]?.image ?? c.image }));
  if (a.initContainers) a.initContainers = a.initContainers.map((c, i) => ({ ...c, image: b.initContainers?.[i]?.image ?? c.image }));
  setOrDelete(a, 'activeDeadlineSeconds', b.activeDeadlineSeconds);
  setOrDelete(a, 'tolerations', b.tolerations);
  setOrDelete(a, 'schedulingGates', b.schedulingGates);
  // nodeName is written by the binding subresource, not by pod updates, but an unchanged value is fine.
  if (JSON.stringify(sortKeys(a)) !== JSON.stringify(sortKeys(b))) out.push(cause.forbidden('spec', POD_UPDATE_FORBIDDEN));
  return out;
}

function setOrDelete<K extends keyof PodSpec>(o: PodSpec, k: K, v: PodSpec[K]): void {
  if (v === undefined) delete o[k];
  else o[k] = v;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([x], [y]) => (x < y ? -1 : 1))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  }
  return v;
}

export { sortKeys };
