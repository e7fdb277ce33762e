/**
 * Graceful pod termination (k8s-api.md 5.4): when the pod has a deletionTimestamp, stop
 * every app container with SIGTERM and, after the pod's deletionGracePeriodSeconds, SIGKILL
 * (Docker's stop does both), then the sidecars (init containers with restartPolicy Always)
 * one by one in reverse spec order with what is left of the grace period (at least 2 s, the
 * kubelet's minimum), then the sandbox; write the final status; delete the pod with
 * gracePeriodSeconds 0 and a uid precondition (never a newer pod of the same name);
 * remove the containers and the pod's directory. Stops run in the background so one slow
 * pod never holds a worker.
 */
import type { Pod } from '@skiff/api';
import { isConflict, isNotFound } from '@skiff/client';
import { containerNameOf, isSandbox } from '../runtime/labels.ts';
import type { ContainerInfo } from '../runtime/runtime.ts';
import { PODS } from '../refs.ts';
import { isSidecar } from './pod-status.ts';
import type { StatusWriter } from './status-writer.ts';
import type { SyncDeps, SyncResult } from './sync.ts';
import { removePodDir } from './volumes.ts';

export function gracePeriodOf(pod: Pod): number {
  return pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
}

export class Terminator {
  readonly #d: SyncDeps;
  readonly #status: StatusWriter;
  readonly #forget: (uid: string) => void;
  readonly #finalStatus: (pod: Pod, containers: ContainerInfo[]) => NonNullable<Pod['status']>;
  readonly #stopping = new Map<string, Promise<void>>();

  constructor(d: SyncDeps, status: StatusWriter, forget: (uid: string) => void, finalStatus: (pod: Pod, containers: ContainerInfo[]) => NonNullable<Pod['status']>) {
    this.#d = d;
    this.#status = status;
    this.#forget = forget;
    this.#finalStatus = finalStatus;
  }

  isStopping(uid: string): boolean {
    return this.#stopping.has(uid);
  }

  /**
   * Stop the pod's running containers in the background (one slow pod never holds a worker)
   * and look at the pod again when they are down. False when nothing runs.
   */
  stopRunning(pod: Pod, containers: ContainerInfo[], grace: number): boolean {
    const d = this.#d;
    const uid = pod.metadata.uid!;
    if (this.#stopping.has(uid)) return true;
    const running = containers.filter((c) => c.state === 'running' && !isSandbox(c));
    if (!running.length) return false;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    this.#stopping.set(uid, this.#stopInOrder(pod, running, grace).then(() => {
      this.#stopping.delete(uid);
      d.enqueue(key);
    }));
    return true;
  }

  async #stopInOrder(pod: Pod, running: ContainerInfo[], grace: number): Promise<void> {
    const d = this.#d;
    const sidecars = (pod.spec?.initContainers ?? []).filter(isSidecar).map((c) => c.name);
    const rank = (c: ContainerInfo): number => sidecars.indexOf(containerNameOf(c));
    const deadline = Date.now() + grace * 1000;
    const stop = (c: ContainerInfo, seconds: number): Promise<void> => {
      d.events.event(pod, 'Normal', 'Killing', `Stopping container ${containerNameOf(c)}`);
      return d.runtime.stopContainer(c.id, seconds).catch((e: unknown) => d.log.warn({ err: e, container: c.id }, 'stop failed'));
    };
    await Promise.all(running.filter((c) => rank(c) < 0).map((c) => stop(c, grace)));
    for (const c of running.filter((c) => rank(c) >= 0).sort((a, b) => rank(b) - rank(a))) {
      await stop(c, Math.min(grace, Math.max(2, Math.ceil((deadline - Date.now()) / 1000))));
    }
  }

  async terminate(pod: Pod, containers: ContainerInfo[]): Promise<SyncResult> {
    const d = this.#d;
    const uid = pod.metadata.uid!;
    if (this.stopRunning(pod, containers, gracePeriodOf(pod))) return {};
    d.probes.forget(containers.map((c) => c.id));
    for (const sb of containers.filter((c) => isSandbox(c) && c.state === 'running')) await d.runtime.stopContainer(sb.id, 0).catch(() => undefined);
    const final = await d.runtime.listContainers({ 'io.skiff.node': d.nodeName, 'io.kubernetes.pod.uid': uid });
    await this.#status.write(pod, this.#finalStatus(pod, final)).catch(() => undefined);
    try {
      await d.client.delete(PODS, pod.metadata.name!, { namespace: pod.metadata.namespace, gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e; // conflict: a new pod of the same name, ours is gone
    }
    await removePodContainers(this.#d, final);
    removePodDir(d.dataDir, uid);
    this.#forget(uid);
    return {};
  }
}

export async function removePodContainers(d: Pick<SyncDeps, 'runtime'>, containers: ContainerInfo[]): Promise<void> {
  // App containers first: they live in the sandbox's network namespace.
  const ordered = [...containers.filter((c) => !isSandbox(c)), ...containers.filter(isSandbox)];
  for (const c of ordered) await d.runtime.removeContainer(c.id).catch(() => undefined);
}
