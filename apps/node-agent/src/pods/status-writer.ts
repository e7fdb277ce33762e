/**
 * Writes pod status through the status subresource with a JSON merge patch: no
 * resourceVersion to race on (the agent owns these fields), keys that disappeared are
 * sent as null, lists (conditions, containerStatuses) are replaced whole. A status equal
 * to the last one written for that pod is not sent again.
 */
import type { Pod } from '@skiff/api';
import { isNotFound, type RestClient } from '@skiff/client';
import type { Logger } from '@skiff/logging';
import { PODS } from '../refs.ts';

type PodStatus = NonNullable<Pod['status']>;

export class StatusWriter {
  readonly #client: RestClient;
  readonly #log: Logger;
  readonly #last = new Map<string, string>();
  writes = 0;

  constructor(client: RestClient, log: Logger) {
    this.#client = client;
    this.#log = log;
  }

  /** Resolves with the pod as stored after the write (or the input when nothing was sent). */
  async write(pod: Pod, status: PodStatus): Promise<Pod> {
    const uid = pod.metadata.uid!;
    const json = JSON.stringify(status);
    if (this.#last.get(uid) === json && pod.status?.phase === status.phase) return pod;
    const patch: Record<string, unknown> = { ...status };
    for (const k of Object.keys(pod.status ?? {})) if (!(k in status)) patch[k] = null;
    try {
      const out = await this.#client.patch<Pod>(PODS, pod.metadata.name!, 'merge', { status: patch }, { namespace: pod.metadata.namespace, subresource: 'status' });
      this.#last.set(uid, json);
      this.writes++;
      return out;
    } catch (e) {
      if (isNotFound(e)) return pod; // deleted meanwhile
      this.#log.warn({ err: e, pod: `${pod.metadata.namespace}/${pod.metadata.name}` }, 'pod status update failed');
      throw e;
    }
  }

  forget(uid: string): void {
    this.#last.delete(uid);
  }
}
