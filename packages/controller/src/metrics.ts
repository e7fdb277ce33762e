/**
 * Controller metrics as plain counters, read by whoever exports them (prom-client wiring
 * lives in the apps). Hooks let an app observe each reconcile without this package
 * depending on a metrics library.
 */
import type { QueueMetrics } from './workqueue.ts';

export type ReconcileOutcome = 'success' | 'error' | 'terminal' | 'requeue' | 'requeueAfter';

export interface ReconcileEvent {
  controller: string;
  key: string;
  reconcileId: string;
  outcome: ReconcileOutcome;
  durationMs: number;
  error?: unknown;
}

export interface ControllerMetrics {
  reconciles: number;
  errors: number;
  terminalErrors: number;
  requeues: number;
  requeuesAfter: number;
  /** Live view of the work queue's counters (depth = keys waiting). */
  queue: QueueMetrics;
}

export interface ControllerHooks {
  onReconcile?(e: ReconcileEvent): void;
}

export function newControllerMetrics(queue: QueueMetrics): ControllerMetrics {
  return { reconciles: 0, errors: 0, terminalErrors: 0, requeues: 0, requeuesAfter: 0, queue };
}

export function countOutcome(m: ControllerMetrics, outcome: ReconcileOutcome): void {
  m.reconciles++;
  if (outcome === 'error') m.errors++;
  else if (outcome === 'terminal') m.terminalErrors++;
  else if (outcome === 'requeue') m.requeues++;
  else if (outcome === 'requeueAfter') m.requeuesAfter++;
}
