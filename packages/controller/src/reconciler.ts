/**
 * The unit of controller logic (controller-runtime's Reconciler). Level-triggered: a
 * reconcile gets only the object's key, re-reads current state from listers and makes
 * the world match; it never sees which event caused it.
 *
 * Outcomes: resolve `{}` (done), `{ requeueAfterMs }` (check again later, not an error),
 * throw (retry with per-key back-off), throw `TerminalError` (log, do not retry).
 */
export interface Request {
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
}

export interface Result {
  requeueAfterMs?: number;
  /** Retry through the rate limiter without it counting as an error. */
  requeue?: boolean;
}

export interface ReconcileContext {
  /** Aborted when the controller stops; pass it to client calls. */
  signal: AbortSignal;
  controller: string;
  /** Unique per reconcile call, for log correlation. */
  reconcileId: string;
}

export interface Reconciler {
  reconcile(ctx: ReconcileContext, req: Request): Promise<Result | void>;
}

/** A failure that retrying cannot fix (invalid spec, unsupported configuration). */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

export function isTerminalError(e: unknown): e is TerminalError {
  return e instanceof TerminalError;
}

/** `ns/name`, or `name` for cluster-scoped (same as the informer's object key). */
export function requestKey(req: Request): string {
  return req.namespace ? `${req.namespace}/${req.name}` : req.name;
}

export function parseRequestKey(key: string): Request {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
