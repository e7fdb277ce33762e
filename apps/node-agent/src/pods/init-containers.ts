/**
 * Where a pod stands in its init sequence (the kubelet's computeInitContainerActions, with
 * native sidecars): regular init containers run one at a time, in order, each to exit 0; an
 * init container with `restartPolicy: Always` (a sidecar) counts as done once it runs and its
 * startup probe (if any) succeeded, and keeps running beside the app containers. Level-based
 * and pure: from the containers the runtime shows, what to sync now.
 *
 * Only attempts made in the current sandbox count (created at or after it): after a sandbox
 * is replaced (node reboot, dead sandbox) the sequence runs again, as Kubernetes documents,
 * while an agent restart (same sandbox) re-runs nothing that already succeeded.
 */
import type { Container, Pod } from '@skiff/api';
import type { ContainerInfo } from '../runtime/runtime.ts';
import { attemptsOf, isSidecar, restartPolicyOf } from './pod-status.ts';

export interface InitPlan {
  /** Init containers to sync now (start, restart after back-off, liveness), in spec order. */
  sync: Container[];
  /** The app containers may run: every regular init container succeeded, every sidecar started. */
  initialized: boolean;
  /** A regular init container failed and the pod's restartPolicy is Never: the pod is Failed. */
  failed: boolean;
  /** A regular init container is running: its exit is what moves the pod on. */
  running: boolean;
}

export function planInit(pod: Pod, containers: ContainerInfo[], sandbox: ContainerInfo | undefined, started: (id: string) => boolean): InitPlan {
  const inits = pod.spec?.initContainers ?? [];
  const since = sandbox ? Date.parse(sandbox.createdAt) : -Infinity;
  const current = (name: string): ContainerInfo | undefined => {
    const latest = attemptsOf(containers, name)[0];
    return latest && Date.parse(latest.createdAt) >= since ? latest : undefined;
  };
  const sidecars = inits.filter(isSidecar);
  // An app container in this sandbox means the sequence finished here before (the kubelet's
  // podHasInitialized): only sidecars are kept running, nothing else runs again.
  if ((pod.spec?.containers ?? []).some((c) => current(c.name))) return { sync: sidecars, initialized: true, failed: false, running: false };
  // As the kubelet scans from the end: an init container without a record before one with a
  // record ran before (its container was removed), it is not run again.
  let lastSeen = -1;
  inits.forEach((c, i) => void (current(c.name) && (lastSeen = i)));
  const sync: Container[] = [];
  for (const [i, c] of inits.entries()) {
    const latest = current(c.name);
    if (isSidecar(c)) {
      sync.push(c);
      if (latest?.state === 'running' && started(latest.id)) continue;
      return { sync, initialized: false, failed: false, running: false };
    }
    if (!latest) {
      if (i < lastSeen) continue;
      return { sync: [...sync, c], initialized: false, failed: false, running: false };
    }
    if (latest.state === 'exited' && latest.exitCode === 0) continue;
    if (latest.state === 'exited' && restartPolicyOf(pod) === 'Never') return { sync, initialized: false, failed: true, running: false };
    return { sync: [...sync, c], initialized: false, failed: false, running: latest.state === 'running' };
  }
  return { sync, initialized: true, failed: false, running: false };
}

/** A key that changes when the sequence moves on (used to go on at once after a quick init container). */
export const planKey = (p: InitPlan): string => `${p.initialized}/${p.failed}/${p.sync.map((c) => c.name).join(',')}`;
