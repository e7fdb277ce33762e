/**
 * v1 Events from the scheduler (source.component = the scheduler name, action Binding or
 * Scheduling), through the one event machinery every Skiff component uses (@skiff/controller's
 * EventBroadcaster: client-go's correlator, so a repeat bumps `count`; new Events of one turn,
 * a burst of "Scheduled", in one request to Skiff's batch endpoint). Writes are queued,
 * bounded and never block or fail a scheduling cycle; an event that cannot be written is
 * dropped.
 */
import { EventBroadcaster, type EventSink, type EventType, type Involved } from '@skiff/controller';
import type { Logger } from '@skiff/logging';
import type { SchedulerApi } from '../api.ts';

export type { EventType, Involved };

/** Events queued for writing at most: a storm sheds load rather than memory. */
const MAX_PENDING = 10_000;

export class EventRecorder {
  readonly #broadcaster: EventBroadcaster;
  readonly #sink: EventSink;

  constructor(api: SchedulerApi, component: string, log: Logger, now: () => number = Date.now) {
    this.#broadcaster = new EventBroadcaster(api, {
      now,
      maxPending: MAX_PENDING,
      action: (reason) => (reason === 'Scheduled' ? 'Binding' : 'Scheduling'),
      onError: (err, e) => log.debug({ err, reason: e.reason }, 'could not write event'),
    });
    this.#sink = this.#broadcaster.newRecorder(component);
  }

  event(obj: Involved, type: EventType, reason: string, message: string): void {
    this.#sink.event(obj, type, reason, message);
  }

  /** Resolves once every queued event has been written or dropped (tests, shutdown). */
  flush(): Promise<void> {
    return this.#broadcaster.flush();
  }
}
