/**
 * syncJob: claim pods, count finished ones (tracking.ts), decide success or failure
 * (completions, successPolicy, backoffLimit, per-index limits, podFailurePolicy,
 * activeDeadlineSeconds), then either finish (delete what is left, Complete/Failed once every
 * pod is counted), stay suspended, or keep the right pods running (manage.ts). TTL after
 * finishing deletes the Job.
 */
import type { Job, Pod } from '@skiff/api';
import { labelSelectorFromSpec, nowRfc3339 } from '@skiff/api';
import { isNotFound, type Informer } from '@skiff/client';
import { requestKey, type EventSink, type ReconcileContext, type Reconciler, type Request, type Result } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import { jobsRef, podsRef } from '../../refs.ts';
import { claimChildren } from '../../util/claim.ts';
import { about, SOURCES } from '../../util/events.ts';
import { PodExpectations } from '../../util/pod-expectations.ts';
import { isPodActive, isPodFinished, isPodReady, isTerminating } from '../../util/pods.ts';
import { statusPatch } from '../../util/status-patch.ts';
import { hasCondition, isFinished, setJobCondition, type JobStatus } from './conditions.ts';
import { TRACKING_FINALIZER, isIndexed } from './job-pod.ts';
import { parseIndexes } from './indexes.ts';
import { deletePods, manageJobPods } from './manage.ts';
import { hasTracking, moveUncounted, track } from './tracking.ts';

export class JobReconciler implements Reconciler {
  readonly exp: PodExpectations;
  readonly #deps: ControllerDeps;
  readonly #jobs: Informer<Job>;
  readonly #pods: Informer<Pod>;
  /** Pods whose finalizer we removed, until the cache shows it. */
  readonly #unfinalized = new Set<string>();
  /** The last status we wrote per job: newer than a lagging cache. */
  readonly #written = new Map<string, Job>();
  readonly #events: EventSink;

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    this.#events = deps.recorder(SOURCES.job);
    this.exp = new PodExpectations(deps.now);
    this.#jobs = deps.factory.informerFor<Job>(jobsRef);
    this.#pods = deps.factory.informerFor<Pod>(podsRef);
    this.#pods.addEventHandler({ onUpdate: (_o, p) => this.#seen(p), onDelete: (p) => this.#unfinalized.delete(p.metadata.uid ?? '') });
  }

  #seen(p: Pod): void {
    if (!hasTracking(p)) this.#unfinalized.delete(p.metadata.uid ?? '');
  }

  async reconcile(ctx: ReconcileContext, req: Request): Promise<Result> {
    const key = requestKey(req);
    const cached = this.#jobs.lister.get(req.namespace, req.name);
    if (!cached) {
      this.exp.forget(key);
      this.#written.delete(key);
      return {};
    }
    const written = this.#written.get(key);
    const job = structuredClone(written && written.metadata.uid === cached.metadata.uid && rv(written) > rv(cached) ? { ...cached, status: written.status, metadata: { ...cached.metadata, resourceVersion: written.metadata.resourceVersion } } : cached) as Job;
    if (job.spec?.managedBy && job.spec.managedBy !== 'kubernetes.io/job-controller') return {};
    if (!this.exp.satisfied(key)) return {};
    const { client } = this.#deps;
    const now = this.#deps.now();
    const candidates = this.#pods.lister.list(req.namespace).filter((p) => !p.metadata.ownerReferences?.length || p.metadata.ownerReferences.some((r) => r.uid === job.metadata.uid));
    const pods = await claimChildren({ client, childRef: podsRef, owner: job, selector: labelSelectorFromSpec(job.spec?.selector), candidates, signal: ctx.signal });
    let status: JobStatus = structuredClone(job.status ?? {});
    const t = track(job, status, pods, this.#unfinalized);
    if (t.recorded) status = await this.#write(ctx, job, t.recorded);
    for (const p of t.unfinalize) await this.#unfinalize(ctx, p);
    if (t.unfinalize.length || status.uncountedTerminatedPods?.succeeded?.length || status.uncountedTerminatedPods?.failed?.length) status = moveUncounted(status);

    const active = pods.filter(isPodActive);
    const terminating = pods.filter((p) => isTerminating(p) && !isPodFinished(p));
    const result: Result = {};
    if (isFinished(job.status)) {
      await this.#write(ctx, job, status);
      return this.#ttl(ctx, job, now);
    }
    const spec = job.spec ?? { template: {} };
    if (!hasCondition(status, 'FailureTarget') && !hasCondition(status, 'SuccessCriteriaMet')) decide(job, status, t, active, now);
    const failing = hasCondition(status, 'FailureTarget');
    const succeeding = hasCondition(status, 'SuccessCriteriaMet');
    if (failing || succeeding) {
      await deletePods({ client, events: this.#events, exp: this.exp, job, key, signal: ctx.signal }, active);
      const leftover = pods.some((p) => hasTracking(p) && !t.unfinalize.includes(p) && !this.#unfinalized.has(p.metadata.uid ?? '') && (isPodActive(p) || isTerminating(p)));
      if (!leftover && active.length === 0) {
        const interim = (failing ?? succeeding)!;
        setJobCondition(status, failing ? 'Failed' : 'Complete', 'True', interim.reason ?? '', interim.message ?? '', now);
        if (succeeding) status.completionTime = nowRfc3339(now);
        // As upstream: Warning <failure reason> with the condition's message, or Normal Completed.
        if (failing) this.#events.event(about(jobsRef, job), 'Warning', interim.reason ?? 'Failed', interim.message ?? '');
        else this.#events.event(about(jobsRef, job), 'Normal', 'Completed', 'Job completed');
      }
    } else if (spec.suspend) {
      await deletePods({ client, events: this.#events, exp: this.exp, job, key, signal: ctx.signal }, active);
      if (!hasCondition(status, 'Suspended')) this.#events.event(about(jobsRef, job), 'Normal', 'Suspended', 'Job suspended');
      setJobCondition(status, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
      delete status.startTime;
    } else {
      if (hasCondition(status, 'Suspended')) {
        setJobCondition(status, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
        this.#events.event(about(jobsRef, job), 'Normal', 'Resumed', 'Job resumed');
      }
      status.startTime ??= nowRfc3339(now);
      const wait = await manageJobPods({ client, events: this.#events, exp: this.exp, key, job, pods, active, terminating, succeeded: status.succeeded ?? 0, completed: t.completed, failedIndexes: t.failedIndexes, now, signal: ctx.signal });
      if (wait !== undefined) result.requeueAfterMs = wait;
      const deadline = spec.activeDeadlineSeconds;
      if (deadline !== undefined) {
        const left = Date.parse(status.startTime) + deadline * 1000 - now;
        result.requeueAfterMs = Math.min(result.requeueAfterMs ?? Infinity, Math.max(left, 1));
      }
    }
    status.active = active.length;
    status.ready = active.filter(isPodReady).length;
    status.terminating = terminating.length;
    status.succeeded ??= 0;
    status.failed ??= 0;
    if (isIndexed(job)) status.completedIndexes ??= '';
    await this.#write(ctx, job, status);
    return result;
  }

  async #ttl(ctx: ReconcileContext, job: Job, now: number): Promise<Result> {
    const ttl = job.spec?.ttlSecondsAfterFinished;
    if (ttl === undefined) return {};
    const done = job.status?.completionTime ?? (hasCondition(job.status, 'Failed') ?? hasCondition(job.status, 'Complete'))?.lastTransitionTime;
    const left = Date.parse(done ?? '') + ttl * 1000 - now;
    if (left > 0) return { requeueAfterMs: left };
    try {
      await this.#deps.client.delete(jobsRef, job.metadata.name ?? '', { namespace: job.metadata.namespace, propagationPolicy: 'Background', preconditions: { uid: job.metadata.uid ?? '' }, signal: ctx.signal });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    return {};
  }

  async #write(ctx: ReconcileContext, job: Job, next: JobStatus): Promise<JobStatus> {
    const key = `${job.metadata.namespace}/${job.metadata.name}`;
    const patch = statusPatch(job.status, next);
    if (!patch) return next;
    const out = await this.#deps.client.patch<Job>(jobsRef, job.metadata.name ?? '', 'merge', { metadata: { resourceVersion: job.metadata.resourceVersion }, status: patch }, { namespace: job.metadata.namespace, subresource: 'status', signal: ctx.signal });
    this.#written.set(key, out);
    job.status = structuredClone(next);
    job.metadata.resourceVersion = out.metadata.resourceVersion;
    return next;
  }

  async #unfinalize(ctx: ReconcileContext, p: Pod): Promise<void> {
    const finalizers = (p.metadata.finalizers ?? []).filter((f) => f !== TRACKING_FINALIZER);
    try {
      await this.#deps.client.patch(podsRef, p.metadata.name ?? '', 'merge', { metadata: { finalizers: finalizers.length ? finalizers : null, resourceVersion: p.metadata.resourceVersion } }, { namespace: p.metadata.namespace, signal: ctx.signal });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    this.#unfinalized.add(p.metadata.uid ?? '');
  }
}

function rv(o: Job): number {
  return Number(o.metadata.resourceVersion ?? 0) || 0;
}

/** Sets FailureTarget or SuccessCriteriaMet when the job has reached either. */
function decide(job: Job, s: JobStatus, t: ReturnType<typeof track>, active: readonly Pod[], now: number): void {
  const spec = job.spec ?? { template: {} };
  const fail = (reason: string, message: string) => setJobCondition(s, 'FailureTarget', 'True', reason, message, now);
  const succeed = (reason: string, message: string) => setJobCondition(s, 'SuccessCriteriaMet', 'True', reason, message, now);
  const failed = s.failed ?? 0;
  const restarts = spec.template.spec?.restartPolicy === 'OnFailure' ? active.reduce((n, p) => n + Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0)), 0) : 0;
  if (t.failJobMessage) return fail('PodFailurePolicy', t.failJobMessage);
  if ((t.newFailure || restarts > 0) && spec.backoffLimitPerIndex === undefined && failed + restarts > (spec.backoffLimit ?? 6)) return fail('BackoffLimitExceeded', 'Job has reached the specified backoff limit');
  if (spec.activeDeadlineSeconds !== undefined && s.startTime && now - Date.parse(s.startTime) >= spec.activeDeadlineSeconds * 1000) return fail('DeadlineExceeded', 'Job was active longer than specified deadline');
  if (spec.maxFailedIndexes !== undefined && t.failedIndexes.size > spec.maxFailedIndexes) return fail('MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes');
  const succeeded = s.succeeded ?? 0;
  if (isIndexed(job)) {
    const completions = spec.completions ?? 1;
    const rules = spec.successPolicy?.rules ?? [];
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i]!;
      const required = r.succeededIndexes === undefined ? undefined : parseIndexes(r.succeededIndexes, completions);
      const matched = required ? [...required].filter((x) => t.completed.has(x)).length : t.completed.size;
      const allRequired = !required || [...required].every((x) => t.completed.has(x));
      if ((r.succeededCount === undefined ? allRequired : matched >= r.succeededCount) && (required || r.succeededCount !== undefined)) return succeed('SuccessPolicy', `Matched rules at index ${i}`);
    }
    if (t.completed.size >= completions) return succeed('CompletionsReached', 'Reached expected number of succeeded pods');
    if (t.failedIndexes.size > 0 && t.completed.size + t.failedIndexes.size >= completions) return fail('FailedIndexes', 'Job has failed indexes');
    return;
  }
  if (spec.completions !== undefined ? succeeded >= spec.completions : succeeded > 0 && active.length === 0) succeed('CompletionsReached', 'Reached expected number of succeeded pods');
}
