/**
 * Upstream's event source names (`From` in kubectl describe) and the ObjectReference an
 * event is about: built from the ref, because objects from a list may carry no kind.
 */
import type { KubeObject } from '@skiff/api';
import type { ResourceRef } from '@skiff/client';
import type { Involved } from '@skiff/controller';

export const SOURCES = {
  replicaset: 'replicaset-controller',
  deployment: 'deployment-controller',
  job: 'job-controller',
  node: 'node-controller',
  taintEviction: 'taint-eviction-controller',
} as const;

export function about(ref: ResourceRef, obj: KubeObject): Involved {
  return { apiVersion: ref.group ? `${ref.group}/${ref.version}` : ref.version, kind: ref.kind, metadata: obj.metadata };
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
