/** What the scheduling and binding cycles share (built once by Scheduler). */
import type { SchedulerCache } from './cache/cache.ts';
import type { SchedulerConfig } from './config.ts';
import type { EventRecorder } from './explain/recorder.ts';
import type { Sampler } from './find-nodes.ts';
import type { Handle } from './framework/handle.ts';
import type { Framework } from './framework/runtime.ts';
import type { SchedulingQueue } from './queue/scheduling-queue.ts';
import type { RankingReuse } from './reuse/ranking.ts';
import type { GangIndex } from './gang/index.ts';

export interface Metrics {
  attempts: number;
  scheduled: number;
  unschedulable: number;
  errors: number;
  gangCycles: number;
  /** Duration of the last gang cycle (placement of all members, synchronous part). */
  lastGangCycleMs: number;
}

export interface Ctx {
  readonly fw: Framework;
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly handle: Handle;
  readonly config: SchedulerConfig;
  readonly recorder: EventRecorder;
  readonly sampler: Sampler;
  /** The last search's node ranking, for the next pod with the same signature. */
  readonly reuse: RankingReuse;
  /** Each gang's member pods (gang/index.ts). */
  readonly gangs: GangIndex;
  readonly metrics: Metrics;
  /** Binding cycles in flight. */
  readonly bindings: Set<Promise<void>>;
  /** Called after a successful binding (tests, benchmarks). */
  onBound?: ((podKey: string, node: string) => void) | undefined;
}
