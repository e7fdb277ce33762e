/**
 * core/v1 Events from any Skiff component (client-go's EventBroadcaster + EventRecorder):
 * `newRecorder('replicaset-controller')` gives a sink whose `event(obj, type, reason, message)`
 * never blocks, never throws and never fails a reconcile. Events go through the correlator
 * (aggregation, count on repeats, spam filter), then one writer in order; a write that fails
 * is reported to `onError` and dropped, as upstream drops events rather than retry forever.
 * The scheduler and node-agent keep their own older recorders (explain/recorder.ts,
 * events/recorder.ts); both could move onto this one.
 */
import type { Event } from '@skiff/api';
import { nowRfc3339 } from '@skiff/api';
import { ItemBatcher, isNotFound, type PostJson, type RestClient, type ResourceRef } from '@skiff/client';
import { EventCorrelator, type CorrelatorOptions, type EventType, type Involved } from './correlator.ts';

export type { EventType, Involved } from './correlator.ts';

export const eventsRef: ResourceRef = { group: '', version: 'v1', plural: 'events', namespaced: true, kind: 'Event' };

export interface EventSink {
  event(obj: Involved, type: EventType, reason: string, message: string): void;
}

/** The two verbs the writer needs; RestClient has them, and requestJson for batched creates. */
export type EventWriter = Pick<RestClient, 'create' | 'patch'> & { requestJson?: PostJson | undefined };

/** Skiff's batch endpoint for Events (api-server routes/batch/events.ts). */
export const BATCH_EVENTS_PATH = '/apis/skiff.dev/v1/events';

export interface BroadcasterOptions {
  now?: () => number;
  /** source.host (the kubelet's node); empty for controllers. */
  host?: string;
  /** reportingInstance (default: the component name). */
  instance?: string;
  /** Events queued for writing at most; more are dropped (a hot loop sheds load, not memory). */
  maxPending?: number;
  onError?: (err: unknown, event: { reason: string; message: string }) => void;
  correlator?: Omit<CorrelatorOptions, 'now'>;
  /** The Event's `action` for a reason (the scheduler's Binding / Scheduling); none by default. */
  action?: (reason: string) => string | undefined;
  /** New Events of one turn in one request when the writer can post raw JSON (default true). */
  batch?: boolean;
}

export class EventBroadcaster {
  readonly #client: EventWriter;
  readonly #o: BroadcasterOptions;
  readonly #now: () => number;
  readonly #correlator: EventCorrelator;
  #chain: Promise<void> = Promise.resolve();
  #pending = 0;
  #seq = 0;
  readonly #creates: ItemBatcher<Event> | undefined;

  constructor(client: EventWriter, o: BroadcasterOptions = {}) {
    this.#client = client;
    this.#o = o;
    this.#now = o.now ?? Date.now;
    this.#correlator = new EventCorrelator({ now: this.#now, ...o.correlator });
    const post = client.requestJson?.bind(client);
    const single = async (ev: Event): Promise<void> => void (await client.create(eventsRef, ev, { namespace: ev.metadata.namespace }));
    // A burst (a scheduler's "Scheduled" per pod, a ReplicaSet's creates) is one request.
    this.#creates = post && o.batch !== false ? new ItemBatcher<Event>({ post, path: BATCH_EVENTS_PATH, kind: 'Event', encode: (ev) => ev, single }) : undefined;
  }

  newRecorder(component: string): EventSink {
    return { event: (obj, type, reason, message) => this.#record(component, obj, type, reason, message) };
  }

  /** Resolves once every queued event has been written or dropped (tests, shutdown). */
  flush(): Promise<void> {
    return this.#chain;
  }

  #record(component: string, obj: Involved, type: EventType, reason: string, message: string): void {
    const c = this.#correlator.correlate(component, obj, type, reason, message);
    if (c.action === 'skip') return;
    if (this.#pending >= (this.#o.maxPending ?? 1000)) {
      if (c.action === 'create') this.#correlator.forget(c.key);
      return;
    }
    this.#pending++;
    const now = this.#now();
    let write: () => Promise<void>;
    if (c.action === 'create') {
      // Known before it is written, so a repeat recorded meanwhile becomes a count update.
      const name = this.#name(obj, now);
      this.#correlator.written(c.key, name);
      write = () => this.#create(component, obj, type, reason, c.message, name, 1, now);
    } else write = () => this.#update(component, obj, type, reason, c, now);
    // Creates run at once (they batch per turn; the name is already known to the correlator);
    // count updates follow every write queued before them, so they never patch what is not there.
    const run = c.action === 'create' ? write() : this.#chain.then(write);
    const done = run
      .catch((e: unknown) => {
        this.#correlator.forget(c.key);
        this.#o.onError?.(e, { reason, message });
      })
      .finally(() => this.#pending--);
    this.#chain = Promise.all([this.#chain, done]).then(() => undefined);
  }

  async #update(component: string, obj: Involved, type: EventType, reason: string, c: { key: string; name: string; count: number; message: string }, now: number): Promise<void> {
    const namespace = eventNamespace(obj);
    try {
      await this.#client.patch(eventsRef, c.name, 'merge', { count: c.count, message: c.message, lastTimestamp: nowRfc3339(now) }, { namespace });
    } catch (e) {
      if (!isNotFound(e)) throw e;
      // Expired or deleted: start again, keeping the count.
      const name = this.#name(obj, now);
      this.#correlator.written(c.key, name, c.count);
      await this.#create(component, obj, type, reason, c.message, name, c.count, now);
    }
  }

  /** Upstream names events <object>.<hex nanoseconds>; the sequence keeps one millisecond's apart. */
  #name(obj: Involved, now: number): string {
    return `${obj.metadata.name ?? 'unknown'}.${(BigInt(now) * 1_000_000n + BigInt(this.#seq++ % 1_000_000)).toString(16)}`;
  }

  async #create(component: string, obj: Involved, type: EventType, reason: string, message: string, name: string, count: number, now: number): Promise<void> {
    const m = obj.metadata;
    const t = nowRfc3339(now);
    const ev: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: eventNamespace(obj) },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion, ...(m.namespace ? { namespace: m.namespace } : {}) },
      reason,
      message,
      type,
      count,
      source: { component, ...(this.#o.host ? { host: this.#o.host } : {}) },
      firstTimestamp: t,
      lastTimestamp: t,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: this.#o.instance ?? component,
    };
    const action = this.#o.action?.(reason);
    if (action) ev.action = action;
    await (this.#creates ? this.#creates.submit(ev) : this.#client.create(eventsRef, ev, { namespace: ev.metadata.namespace }));
  }
}

/** Events live in their object's namespace; cluster-scoped objects' in `default` (as upstream). */
function eventNamespace(obj: Involved): string {
  return obj.metadata.namespace || 'default';
}

/** Drops every event (components or tests that do not record). */
export const noEvents: EventSink = { event: () => undefined };
