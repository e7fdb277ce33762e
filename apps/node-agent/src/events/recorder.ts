/**
 * v1 Events as the kubelet writes them (source.component "kubelet", source.host and
 * reportingInstance = the node), through the one event machinery every Skiff component uses
 * (@skiff/controller's EventBroadcaster: client-go's correlator, so repeats bump `count`,
 * similar messages are combined and a hot loop is spam-filtered). Writes are queued and never
 * block or fail a reconcile: an event that cannot be written is logged and dropped, as in
 * Kubernetes.
 */
import type { KubeObject } from '@skiff/api';
import type { RestClient } from '@skiff/client';
import { EventBroadcaster, type EventSink as ControllerSink } from '@skiff/controller';
import type { Logger } from '@skiff/logging';
import type { Clock } from '../clock.ts';

/** The kubelet's reference to its Node for events (the uid is the node name, as upstream). */
export const nodeRef = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid: name } });

export type EventType = 'Normal' | 'Warning';

export interface EventSink {
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}

export class EventRecorder implements EventSink {
  readonly #broadcaster: EventBroadcaster;
  readonly #sink: ControllerSink;

  constructor(client: RestClient, node: string, clock: Clock, log: Logger) {
    this.#broadcaster = new EventBroadcaster(client, {
      now: () => clock.now(),
      host: node,
      instance: node,
      onError: (err, e) => log.warn({ err, reason: e.reason }, 'could not write event'),
    });
    this.#sink = this.#broadcaster.newRecorder('kubelet');
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    this.#sink.event(obj, type, reason, message);
  }

  /** Resolves when every queued event has been written or dropped (tests, shutdown). */
  flush(): Promise<void> {
    return this.#broadcaster.flush();
  }
}

/** Drops events (tests that do not look at them). */
export const noEvents: EventSink = { event: () => undefined };
