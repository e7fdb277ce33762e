/**
 * What a plugin says about a pod, returned and never thrown (the framework's Status).
 * Success is one shared frozen value so the hot path (filter × nodes) allocates nothing;
 * a failure carries the reasons users read in FailedScheduling events and the plugin name
 * that decides which cluster events re-queue the pod.
 */

export type Code =
  | 'Success'
  /** Not now on this node; preemption or a cluster change may help. */
  | 'Unschedulable'
  /** Not on this node whatever happens there (preemption cannot help). */
  | 'UnschedulableAndUnresolvable'
  | 'Error'
  /** Permit: hold the pod until allowed or rejected. */
  | 'Wait'
  /** PreFilter/PreScore: this plugin has nothing to say about this pod; skip its Filter/Score. */
  | 'Skip';

export interface Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** The plugin that returned it (set by the runtime when missing). */
  readonly plugin?: string | undefined;
  readonly error?: unknown;
}

export const SUCCESS: Status = Object.freeze({ code: 'Success', reasons: Object.freeze([]) as readonly string[] });
export const SKIP: Status = Object.freeze({ code: 'Skip', reasons: Object.freeze([]) as readonly string[] });

export function unschedulable(...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons };
}

export function unresolvable(...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons };
}

export function errorStatus(e: unknown, reason?: string): Status {
  const msg = reason ?? (e instanceof Error ? e.message : String(e));
  return { code: 'Error', reasons: [msg], error: e };
}

export function waitStatus(reason = 'waiting'): Status {
  return { code: 'Wait', reasons: [reason] };
}

export const isSuccess = (s: Status): boolean => s.code === 'Success';
export const isRejected = (s: Status): boolean => s.code === 'Unschedulable' || s.code === 'UnschedulableAndUnresolvable';

/** The status with `plugin` filled in (allocates only for non-success, which is rare per node). */
export function withPlugin(s: Status, plugin: string): Status {
  return s.plugin !== undefined || s.code === 'Success' || s.code === 'Skip' ? s : { ...s, plugin };
}

export function statusMessage(s: Status): string {
  return s.reasons.join(', ');
}
