/**
 * v1 Events from the scheduler (source.component default-scheduler), aggregated as
 * client-go does: a repeat of the same object+reason+message bumps `count` on the
 * existing Event instead of creating another. Writes are queued, bounded and never block
 * or fail a scheduling cycle; an event that cannot be written is dropped. New Events of one
 * turn (a burst of "Scheduled") go in one request to Skiff's batch endpoint when the client
 * can post raw JSON (batch/item-batcher.ts).
 */
import type { Event } from '@skiff/api';
import { nowRfc3339 } from '@skiff/api';
import type { Logger } from '@skiff/logging';
import type { SchedulerApi } from '../api.ts';
import { ItemBatcher } from '../batch/item-batcher.ts';
import { EVENTS } from '../refs.ts';

export const BATCH_EVENTS_PATH = '/apis/skiff.dev/v1/events';

export type EventType = 'Normal' | 'Warning';
export interface Involved {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata: { name?: string | undefined; namespace?: string | undefined; uid?: string | undefined; resourceVersion?: string | undefined };
}

const MAX_PENDING = 10_000;
const MAX_CACHE = 4096;

export class EventRecorder {
  readonly #api: SchedulerApi;
  readonly #component: string;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #seen = new Map<string, { name: string; namespace: string; count: number }>();
  #pending = 0;
  #seq = 0;
  #chain: Promise<void> = Promise.resolve();
  readonly #creates: ItemBatcher<Event> | undefined;

  constructor(api: SchedulerApi, component: string, log: Logger, now: () => number = Date.now) {
    this.#api = api;
    this.#component = component;
    this.#log = log;
    this.#now = now;
    const post = api.requestJson?.bind(api);
    const single = async (ev: Event): Promise<void> => void (await api.create(EVENTS, ev, { namespace: ev.metadata.namespace }));
    this.#creates = post ? new ItemBatcher<Event>({ post, path: BATCH_EVENTS_PATH, kind: 'Event', encode: (ev) => ev, single }) : undefined;
  }

  event(obj: Involved, type: EventType, reason: string, message: string): void {
    if (this.#pending >= MAX_PENDING) return; // shed load rather than grow without bound
    this.#pending++;
    const p = this.#write(obj, type, reason, message)
      .catch((e: unknown) => this.#log.debug({ err: e, reason }, 'could not write event'))
      .finally(() => this.#pending--);
    this.#chain = Promise.all([this.#chain, p]).then(() => undefined);
  }

  flush(): Promise<void> {
    return this.#chain;
  }

  async #write(obj: Involved, type: EventType, reason: string, message: string): Promise<void> {
    const m = obj.metadata;
    const namespace = m.namespace ?? 'default';
    const key = [m.uid, type, reason, message].join('\u0000');
    const now = this.#now();
    const seen = this.#seen.get(key);
    if (seen) {
      seen.count++;
      try {
        await this.#api.patch(EVENTS, seen.name, 'merge', { count: seen.count, lastTimestamp: nowRfc3339(now) }, { namespace: seen.namespace });
        return;
      } catch {
        this.#seen.delete(key);
      }
    }
    const name = `${m.name ?? 'unknown'}.${now.toString(16)}${(this.#seq++ % 0xffff).toString(16).padStart(4, '0')}`;
    const ev: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: { apiVersion: obj.apiVersion ?? 'v1', kind: obj.kind ?? 'Pod', name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion },
      reason,
      message,
      type,
      count: 1,
      source: { component: this.#component },
      firstTimestamp: nowRfc3339(now),
      lastTimestamp: nowRfc3339(now),
      reportingComponent: this.#component,
      reportingInstance: this.#component,
      action: reason === 'Scheduled' ? 'Binding' : 'Scheduling',
    };
    await (this.#creates ? this.#creates.submit(ev) : this.#api.create(EVENTS, ev, { namespace }));
    if (this.#seen.size >= MAX_CACHE) this.#seen.delete(this.#seen.keys().next().value as string);
    this.#seen.set(key, { name, namespace, count: 1 });
  }
}
