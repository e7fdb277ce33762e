/**
 * The running controller: N async workers pulling keys from one WorkQueue and calling the
 * Reconciler, started only once every informer it reads has synced (a reconcile against a
 * half-filled cache would act on missing objects). Event wiring lives in builder.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Informer } from '@skiff/client';
import { countOutcome, newControllerMetrics, type ControllerHooks, type ControllerMetrics, type ReconcileOutcome } from './metrics.ts';
import { isTerminalError, parseRequestKey, type Reconciler } from './reconciler.ts';
import { WorkQueue } from './workqueue.ts';

export interface ControllerOptions {
  name: string;
  reconciler: Reconciler;
  queue?: WorkQueue<string>;
  workers?: number;
  /** Informers whose sync gates the workers. */
  informers?: Informer[];
  /** Subscribes event handlers; returns the unsubscribe. Called on start. */
  wire?: (enqueue: (key: string) => void) => () => void;
  hooks?: ControllerHooks;
  onError?: (e: unknown, key: string) => void;
}

export class Controller {
  readonly name: string;
  readonly queue: WorkQueue<string>;
  readonly metrics: ControllerMetrics;
  readonly #opts: ControllerOptions;
  readonly #ac = new AbortController();
  #running: Promise<void> | undefined;
  #unwire: (() => void) | undefined;

  constructor(opts: ControllerOptions) {
    this.name = opts.name;
    this.#opts = opts;
    this.queue = opts.queue ?? new WorkQueue<string>();
    this.metrics = newControllerMetrics(this.queue.metrics);
  }

  /** Start informers and handlers now; workers begin once caches have synced. Resolves when stopped. */
  start(): Promise<void> {
    this.#running ??= this.#run();
    return this.#running;
  }

  async stop(): Promise<void> {
    this.#ac.abort();
    this.#unwire?.();
    this.queue.shutDown();
    await this.#running;
  }

  async #run(): Promise<void> {
    const signal = this.#ac.signal;
    const informers = this.#opts.informers ?? [];
    for (const inf of informers) inf.start();
    this.#unwire = this.#opts.wire?.((key) => this.queue.add(key));
    const synced = await Promise.all(informers.map((i) => i.waitForSync(signal)));
    if (signal.aborted || !synced.every(Boolean)) return;
    const workers = Array.from({ length: Math.max(1, this.#opts.workers ?? 1) }, () => this.#worker());
    await Promise.all(workers);
  }

  async #worker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.#process(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  async #process(key: string): Promise<void> {
    const reconcileId = randomUUID();
    const started = performance.now();
    let outcome: ReconcileOutcome = 'success';
    let error: unknown;
    try {
      const ctx = { signal: this.#ac.signal, controller: this.name, reconcileId };
      const result = (await this.#opts.reconciler.reconcile(ctx, parseRequestKey(key))) ?? {};
      if (result.requeueAfterMs !== undefined && result.requeueAfterMs > 0) {
        outcome = 'requeueAfter';
        this.queue.forget(key);
        this.queue.addAfter(key, result.requeueAfterMs);
      } else if (result.requeue) {
        outcome = 'requeue';
        this.queue.addRateLimited(key);
      } else this.queue.forget(key);
    } catch (e) {
      error = e;
      if (isTerminalError(e)) {
        outcome = 'terminal';
        this.queue.forget(key);
      } else {
        outcome = 'error';
        this.queue.addRateLimited(key);
      }
      (this.#opts.onError ?? defaultOnError(this.name))(e, key);
    }
    countOutcome(this.metrics, outcome);
    const durationMs = performance.now() - started;
    this.#opts.hooks?.onReconcile?.({ controller: this.name, key, reconcileId, outcome, durationMs, ...(error === undefined ? {} : { error }) });
  }
}

function defaultOnError(name: string): (e: unknown, key: string) => void {
  return (e, key) => console.error(`controller ${name}: reconcile ${key} failed:`, e);
}
