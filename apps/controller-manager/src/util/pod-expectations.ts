/**
 * ControllerExpectations for pods an owner creates and deletes, lowered by the pod informer:
 * a create is observed when the pod appears, a delete when it starts terminating or goes.
 * Deletions are tracked by pod key so one pod is never observed twice.
 */
import type { KubeObject, Pod } from '@skiff/api';
import type { Informer, ResourceRef } from '@skiff/client';
import { ControllerExpectations, ownerRequest, requestKey } from '@skiff/controller';
import { isTerminating, podKey } from './pods.ts';

export class PodExpectations {
  readonly expectations: ControllerExpectations;
  readonly #pendingDeletes = new Map<string, Set<string>>();

  constructor(now: () => number) {
    this.expectations = new ControllerExpectations({ now });
  }

  satisfied(key: string): boolean {
    return this.expectations.satisfied(key);
  }

  expectCreations(key: string, n: number): void {
    this.expectations.expectCreations(key, n);
  }

  creationFailed(key: string): void {
    this.expectations.creationObserved(key);
  }

  expectDeletions(key: string, pods: readonly Pod[]): void {
    this.#pendingDeletes.set(key, new Set(pods.map(podKey)));
    this.expectations.expectDeletions(key, pods.length);
  }

  deletionFailed(key: string, pod: Pod): void {
    if (this.#pendingDeletes.get(key)?.delete(podKey(pod))) this.expectations.deletionObserved(key);
  }

  forget(key: string): void {
    this.expectations.deleteExpectations(key);
    this.#pendingDeletes.delete(key);
  }

  /** Lower expectations from pod events of pods controlled by `ownerRef` objects. */
  wire(pods: Informer<Pod>, ownerRef: ResourceRef): () => void {
    const ownerKey = (p: KubeObject): string | undefined => {
      const req = ownerRequest(p, ownerRef);
      return req && requestKey(req);
    };
    const deleted = (p: Pod): void => {
      const k = ownerKey(p);
      if (k) this.deletionFailed(k, p);
    };
    return pods.addEventHandler({
      onAdd: (p) => {
        const k = ownerKey(p);
        if (k && !isTerminating(p)) this.expectations.creationObserved(k);
        if (isTerminating(p)) deleted(p);
      },
      onUpdate: (_o, p) => {
        if (isTerminating(p)) deleted(p);
      },
      onDelete: deleted,
    });
  }
}
