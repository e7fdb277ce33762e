/** A pod waiting in the scheduling queue, with its attempt history. */
import type { PodInfo } from '../cache/pod-info.ts';

export interface QueuedPodInfo {
  info: PodInfo;
  /** When it (re-)entered the queue; FIFO tie-break of equal priorities. */
  timestamp: number;
  /** When it first entered the queue (scheduling latency). */
  initialTimestamp: number;
  attempts: number;
  /** Plugins that rejected it last time: only their events move it back. Empty = any event. */
  unschedulablePlugins: Set<string>;
  /** Gang key (`<kind>:<ns>/<name>`) when the pod belongs to a gang. */
  gang?: string | undefined;
  /** Sort key of the gang (creation time) so a gang's members stay adjacent. */
  gangTimestamp?: number | undefined;
  backoffExpiry: number;
}
