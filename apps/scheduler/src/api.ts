/**
 * What the scheduler needs from the API (the consumer owns the interface): RestClient
 * satisfies it as is, the test Harness with an in-memory store. Reads go through listers
 * (informer caches), never through these calls.
 */
import type { KubeObject } from '@skiff/api';
import type { ResourceRef } from '@skiff/client';

export interface WriteScope {
  namespace?: string | undefined;
}

export interface SchedulerApi {
  create<T extends KubeObject>(ref: ResourceRef, obj: T, o?: WriteScope): Promise<T>;
  update<T extends KubeObject>(ref: ResourceRef, obj: T, o?: WriteScope): Promise<T>;
  updateStatus<T extends KubeObject>(ref: ResourceRef, obj: T, o?: WriteScope): Promise<T>;
  patch<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    name: string,
    type: 'merge' | 'strategic',
    body: unknown,
    o?: WriteScope & { subresource?: string | undefined },
  ): Promise<T>;
  delete(ref: ResourceRef, name: string, o?: WriteScope & { gracePeriodSeconds?: number | undefined; preconditions?: { uid?: string } | undefined }): Promise<unknown>;
  createSubresource(ref: ResourceRef, name: string, subresource: string, body: unknown, o?: WriteScope): Promise<unknown>;
  /** Raw JSON request (RestClient has it): lets the binder batch bindings. Absent = one by one. */
  requestJson?<T>(path: string, req: { method: string; body: unknown }): Promise<T>;
}

/** Read-only cache access; the informer's Lister satisfies it. */
export interface ReadLister<T> {
  get(namespace: string | undefined, name: string): T | undefined;
  list(namespace?: string): T[];
}
