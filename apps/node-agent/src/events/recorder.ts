/**
 * v1 Events as the kubelet writes them (source.component "kubelet", source.host = node),
 * with client-go's aggregation of repeats: the same object+type+reason+message within the
 * cache bumps `count` and `lastTimestamp` on the existing Event instead of creating another.
 * Writes are queued and never block or fail a reconcile: an event that cannot be written
 * is logged and dropped, as in Kubernetes.
 */
import type { Event, KubeObject } from '@skiff/api';
import { nowRfc3339 } from '@skiff/api';
import { isNotFound, type RestClient } from '@skiff/client';
import type { Logger } from '@skiff/logging';
import type { Clock } from '../clock.ts';
import { EVENTS } from '../refs.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventSink {
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

const MAX_CACHE = 4096;

export class EventRecorder implements EventSink {
  readonly #client: RestClient;
  readonly #node: string;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #seen = new Map<string, Seen>();
  #chain: Promise<void> = Promise.resolve();

  constructor(client: RestClient, node: string, clock: Clock, log: Logger) {
    this.#client = client;
    this.#node = node;
    this.#clock = clock;
    this.#log = log;
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    this.#chain = this.#chain.then(() => this.#write(obj, type, reason, message)).catch((e: unknown) => {
      this.#log.warn({ err: e, reason, object: obj.metadata.name }, 'could not write event');
    });
  }

  /** Resolves when every queued event has been written (tests, shutdown). */
  flush(): Promise<void> {
    return this.#chain;
  }

  async #write(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const m = obj.metadata;
    const namespace = m.namespace ?? 'default';
    const key = [m.uid, type, reason, message].join('\u0000');
    const now = nowRfc3339(this.#clock.now());
    const seen = this.#seen.get(key);
    if (seen) {
      seen.count++;
      try {
        await this.#client.patch(EVENTS, seen.name, 'merge', { count: seen.count, lastTimestamp: now }, { namespace: seen.namespace });
        return;
      } catch (e) {
        if (!isNotFound(e)) throw e;
        this.#seen.delete(key); // expired or deleted: start a new one
      }
    }
    const name = `${m.name ?? 'unknown'}.${(BigInt(this.#clock.now()) * 1_000_000n + BigInt(this.#seq++ % 1_000_000)).toString(16)}`;
    const ev: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion },
      reason,
      message,
      type,
      source: { component: 'kubelet', host: this.#node },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: this.#node,
    };
    if (m.namespace === undefined) delete ev.involvedObject.namespace;
    await this.#client.create(EVENTS, ev as never, { namespace });
    if (this.#seen.size >= MAX_CACHE) this.#seen.delete(this.#seen.keys().next().value!);
    this.#seen.set(key, { name, namespace, count: 1, firstTimestamp: now });
  }

  #seq = 0;
}

/** Drops events (tests that do not look at them). */
export const noEvents: EventSink = { event: () => undefined };
