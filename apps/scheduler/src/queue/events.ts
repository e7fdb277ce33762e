/**
 * Cluster events that can make an unschedulable pod schedulable. Plugins list the events
 * they care about; a pod rejected by plugin P is moved back to the active/backoff queue only
 * on an event P listed (coarse queueing hints: no per-object check, one less source of bugs).
 */
export type EventResource =
  | 'Node'
  | 'Pod'
  | 'ResourceClaim'
  | 'ResourceClaimTemplate'
  | 'ResourceSlice'
  | 'DeviceClass'
  | 'PodGroup'
  | 'PriorityClass';
export type EventAction = 'Add' | 'Update' | 'Delete';

export interface ClusterEvent {
  resource: EventResource;
  action: EventAction | '*';
}

export const ev = (resource: EventResource, action: EventAction | '*' = '*'): ClusterEvent => ({ resource, action });

export function eventMatches(registered: ClusterEvent, happened: ClusterEvent): boolean {
  return registered.resource === happened.resource && (registered.action === '*' || registered.action === happened.action);
}

export function eventName(e: ClusterEvent): string {
  return `${e.resource}${e.action === '*' ? '' : e.action}`;
}
