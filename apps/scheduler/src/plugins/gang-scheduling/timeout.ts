/**
 * How long a gang may hold reservations while it waits (at Permit or at the bind barrier):
 * scheduler-plugins' PodGroup says so in spec.scheduleTimeoutSeconds, else the plugin's
 * permitWaitingTimeSeconds (upstream Coscheduling default 60 s). The Workload API has no
 * field; upstream 1.35 uses a fixed 5 minutes, which podGroupTimeoutSeconds overrides.
 */
import type { GangInfo } from '../../gang/gang.ts';

export interface GangSchedulingArgs {
  permitWaitingTimeSeconds?: number;
  podGroupTimeoutSeconds?: number;
}

export const DEFAULT_PERMIT_WAITING_SECONDS = 60;
export const DEFAULT_POD_GROUP_TIMEOUT_SECONDS = 300;

export function gangTimeoutMs(g: GangInfo, args: GangSchedulingArgs): number {
  const s = g.kind === 'CoschedulingPodGroup' ? (g.timeoutSeconds || (args.permitWaitingTimeSeconds ?? DEFAULT_PERMIT_WAITING_SECONDS)) : (args.podGroupTimeoutSeconds ?? DEFAULT_POD_GROUP_TIMEOUT_SECONDS);
  return Math.max(0, s * 1000);
}
