/**
 * Pod-only defaults (SetDefaults_Pod) plus what upstream's admission chain adds to every
 * pod: DefaultTolerationSeconds (not-ready/unreachable NoExecute for 300s), Priority (0
 * without a class) and the ServiceAccount admission's `default` account.
 */
import type { Pod } from '../kinds/pod.ts';
import type { Toleration } from '../kinds/affinity.ts';
import { defaultPodSpec } from './pod-spec.ts';
import { computeQOSClass } from './qos.ts';

export const DEFAULT_TOLERATION_SECONDS = 300;
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

export function defaultPod(pod: Pod): void {
  pod.spec ??= { containers: [] };
  const spec = pod.spec;
  // Requests default to limits per resource, before QoS or scheduling looks at them.
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const limits = c.resources?.limits;
    if (!limits) continue;
    c.resources!.requests ??= {};
    for (const [name, q] of Object.entries(limits)) c.resources!.requests[name] ??= q;
  }
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) for (const p of c.ports ?? []) p.hostPort ??= p.containerPort;
  }
  defaultPodSpec(spec);
  spec.priority ??= 0;
  spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.tolerations = addDefaultTolerations(spec.tolerations ?? []);
}

/** DefaultTolerationSeconds admission: skipped per key when the pod already tolerates it NoExecute. */
export function addDefaultTolerations(tolerations: Toleration[]): Toleration[] {
  const out = [...tolerations];
  for (const key of [NOT_READY, UNREACHABLE]) {
    const covered = tolerations.some((t) => (t.effect === 'NoExecute' || !t.effect) && (t.key === key || (!t.key && t.operator === 'Exists')));
    if (!covered) out.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  return out;
}

/** Pod strategy PrepareForCreate: status starts Pending with the computed QoS class. */
export function preparePodForCreate(pod: Pod): void {
  pod.status = { phase: 'Pending', qosClass: computeQOSClass(pod.spec) };
}
