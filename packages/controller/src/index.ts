/**
 * @skiff/controller: the machinery every Skiff controller shares.
 *
 * Contract:
 * - Logic lives in a `Reconciler`: `reconcile(ctx, {namespace, name}) → Result`, level-based
 *   (re-read state from listers, never branch on event type). Throw to retry with per-key
 *   back-off (5 ms → 1000 s), throw `TerminalError` to give up, return `{requeueAfterMs}`
 *   to look again later.
 * - `controller(name).withFactory(f).for(ref).owns(ref).withWorkers(n).reconcile(r)` wires
 *   shared informers to a `WorkQueue` (deduplicating; one key never on two workers) and
 *   starts workers once caches have synced.
 * - `ControllerExpectations` guards against acting twice on a stale cache.
 * - `LeaderElector` makes one replica active, on a coordination.k8s.io Lease.
 * - `EventBroadcaster.newRecorder(component)` records core/v1 Events, aggregated and rate-limited.
 */
export * from './rate-limiter.ts';
export * from './workqueue.ts';
export * from './reconciler.ts';
export * from './metrics.ts';
export * from './owner-refs.ts';
export * from './controller.ts';
export * from './builder.ts';
export * from './expectations.ts';
export * from './leader-election.ts';
export * from './events/correlator.ts';
export * from './events/broadcaster.ts';
