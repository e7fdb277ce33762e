/**
 * `delete --wait`: return once the object is gone, as kubectl does (k8s-api.md 1.6): GET;
 * 404 (or another object of the same name, a new uid) means gone; otherwise watch that one
 * name from the GET's resourceVersion until DELETED, re-checking whenever the stream ends.
 */
import type { KubeObject } from '@skiff/api';
import { isNotFound, type RestClient, type ResourceRef } from '@skiff/client';

async function gone(client: RestClient, ref: ResourceRef, namespace: string | undefined, name: string, uid: string | undefined): Promise<KubeObject | undefined> {
  try {
    const obj = await client.get(ref, name, { namespace });
    return uid && obj.metadata.uid !== uid ? undefined : obj;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export async function waitDeleted(
  client: RestClient,
  ref: ResourceRef,
  namespace: string | undefined,
  name: string,
  uid: string | undefined,
  signal: AbortSignal,
): Promise<boolean> {
  while (!signal.aborted) {
    const current = await gone(client, ref, namespace, name, uid);
    if (!current) return true;
    const stream = client.watch(ref, {
      namespace,
      fieldSelector: `metadata.name=${name}`,
      resourceVersion: current.metadata.resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: 300,
      signal,
    });
    try {
      for await (const ev of stream) {
        if (ev.type === 'DELETED') return true;
        if (ev.type === 'ERROR') break; // expired: GET again and re-watch
      }
    } finally {
      stream.abort();
    }
  }
  return false;
}
