/**
 * Prometheus metrics from the controllers' own counters (read at scrape time, so the hot
 * path only increments integers): reconciles, errors, requeues by outcome, queue depth,
 * plus a reconcile duration histogram fed by the controller hooks.
 */
import { createServer, type Server } from 'node:http';
import type { Controller, ControllerHooks } from '@skiff/controller';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export class ManagerMetrics {
  readonly registry = new Registry();
  readonly #controllers = new Set<Controller>();
  readonly #duration: Histogram<'controller' | 'outcome'>;
  readonly hooks: ControllerHooks;

  constructor() {
    const controllers = this.#controllers;
    const counter = (pick: (c: Controller) => number) =>
      function (this: Counter<'controller'>): void {
        this.reset();
        for (const c of controllers) this.inc({ controller: c.name }, pick(c));
      };
    const gauge = (pick: (c: Controller) => number) =>
      function (this: Gauge<'controller'>): void {
        this.reset();
        for (const c of controllers) this.set({ controller: c.name }, pick(c));
      };
    new Counter({ name: 'skiff_controller_reconcile_total', help: 'Reconciles run, every outcome.', labelNames: ['controller'], registers: [this.registry], collect: counter((c) => c.metrics.reconciles) });
    new Counter({ name: 'skiff_controller_reconcile_errors_total', help: 'Reconciles that failed (retried with back-off).', labelNames: ['controller'], registers: [this.registry], collect: counter((c) => c.metrics.errors) });
    new Counter({ name: 'skiff_controller_reconcile_terminal_errors_total', help: 'Reconciles that failed for good.', labelNames: ['controller'], registers: [this.registry], collect: counter((c) => c.metrics.terminalErrors) });
    new Counter({ name: 'skiff_controller_requeues_total', help: 'Rate-limited requeues (back-off) asked for by reconcilers.', labelNames: ['controller'], registers: [this.registry], collect: counter((c) => c.metrics.requeues) });
    new Counter({ name: 'skiff_controller_requeues_after_total', help: 'Timed requeues asked for by reconcilers.', labelNames: ['controller'], registers: [this.registry], collect: counter((c) => c.metrics.requeuesAfter) });
    new Gauge({ name: 'skiff_workqueue_depth', help: 'Keys waiting in the work queue.', labelNames: ['controller'], registers: [this.registry], collect: gauge((c) => c.queue.len()) });
    new Counter({ name: 'skiff_workqueue_adds_total', help: 'Keys added to the work queue.', labelNames: ['controller'], registers: [this.registry], collect: counter((c) => c.queue.metrics.adds) });
    new Counter({ name: 'skiff_workqueue_retries_total', help: 'Rate-limited re-adds.', labelNames: ['controller'], registers: [this.registry], collect: counter((c) => c.queue.metrics.retries) });
    this.#duration = new Histogram({ name: 'skiff_controller_reconcile_duration_seconds', help: 'Reconcile duration.', labelNames: ['controller', 'outcome'], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers: [this.registry] });
    this.hooks = { onReconcile: (e) => this.#duration.observe({ controller: e.controller, outcome: e.outcome }, e.durationMs / 1000) };
  }

  track(c: Controller): void {
    this.#controllers.add(c);
  }

  untrack(c: Controller): void {
    this.#controllers.delete(c);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Serve /metrics (and /healthz) on `port`; resolves with the bound port. */
  async serve(port: number, host = '127.0.0.1'): Promise<{ port: number; server: Server }> {
    const server = createServer((req, res) => {
      if (req.url === '/healthz') return void res.end('ok');
      if (req.url !== '/metrics') {
        res.statusCode = 404;
        return void res.end('not found\n');
      }
      this.text().then(
        (body) => {
          res.setHeader('Content-Type', this.registry.contentType);
          res.end(body);
        },
        (e: unknown) => {
          res.statusCode = 500;
          res.end(String(e));
        },
      );
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));
    const addr = server.address();
    return { port: typeof addr === 'object' && addr ? addr.port : port, server };
  }
}
