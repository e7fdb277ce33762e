/**
 * What plugins may use besides their arguments: the cache, listers (informer caches), the
 * API for writes, a clock and the framework itself (preemption re-runs filters). Built by
 * the scheduler and by the test Harness alike.
 */
import type { DeviceClass, Pod, PriorityClass, ResourceClaim, ResourceClaimTemplate, ResourceSlice, PodGroup, CoschedulingPodGroup, Namespace } from '@skiff/api';
import type { Logger } from '@skiff/logging';
import type { ReadLister, SchedulerApi } from '../api.ts';
import type { SchedulerCache } from '../cache/cache.ts';
import type { Framework } from './runtime.ts';

export interface Listers {
  pods: ReadLister<Pod>;
  namespaces: ReadLister<Namespace>;
  priorityClasses: ReadLister<PriorityClass>;
  claims: ReadLister<ResourceClaim>;
  claimTemplates: ReadLister<ResourceClaimTemplate>;
  deviceClasses: ReadLister<DeviceClass>;
  slices: ReadLister<ResourceSlice>;
  podGroups: ReadLister<PodGroup>;
  coschedulingPodGroups: ReadLister<CoschedulingPodGroup>;
}

export interface Handle {
  readonly cache: SchedulerCache;
  readonly api: SchedulerApi;
  readonly listers: Listers;
  readonly log: Logger;
  readonly schedulerName: string;
  now(): number;
  /** Late-bound: the framework the plugin is part of. */
  framework(): Framework;
  /** Called when the pod was taken out of the queue and should be retried (async failures). */
  requeue?(podKey: string): void;
  /** Record an Event on an object (the scheduler's aggregating recorder). */
  event?(obj: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void;
}
