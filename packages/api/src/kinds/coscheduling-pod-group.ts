/**
 * scheduler-plugins Coscheduling PodGroup, `scheduling.x-k8s.io/v1alpha1` (a CRD upstream).
 * Pods join with the label scheduling.x-k8s.io/pod-group: <name>.
 */
import { Type, type Static } from '@sinclair/typebox';
import { str, int, time, stringEnum, named, resourceList } from './helpers.ts';
import { kindObject } from './kind-object.ts';

const opt = Type.Optional;

export const POD_GROUP_LABEL = 'scheduling.x-k8s.io/pod-group';

export const CoschedulingPodGroupSchema = kindObject({ group: 'scheduling.x-k8s.io', version: 'v1alpha1', kind: 'PodGroup' }, 'PodGroup is a collection of Pod; used for batch workload.', {
  spec: opt(named('io.x-k8s.scheduling.v1alpha1.PodGroupSpec', 'PodGroupSpec represents the template of a pod group.', {
    minMember: opt(int('MinMember defines the minimal number of members/tasks to run the pod group; if there\'s not enough resources to start all tasks, the scheduler will not start anyone.')),
    minResources: opt(resourceList('MinResources defines the minimal resource of members/tasks to run the pod group.')),
    scheduleTimeoutSeconds: opt(int('ScheduleTimeoutSeconds defines the maximal time of members/tasks to wait before run the pod group.')),
  })),
  status: opt(named('io.x-k8s.scheduling.v1alpha1.PodGroupStatus', 'PodGroupStatus represents the current state of a pod group.', {
    phase: opt(stringEnum(['Pending', 'Scheduling', 'Scheduled', 'Running', 'Succeeded', 'Failed', 'Finished', 'Unknown'], 'Current phase of PodGroup.')),
    occupiedBy: opt(str('OccupiedBy marks the workload (e.g., deployment, statefulset) UID that occupy the podgroup.')),
    running: opt(int('The number of actively running pods.')),
    succeeded: opt(int('The number of pods which reached phase Succeeded.')),
    failed: opt(int('The number of pods which reached phase Failed.')),
    scheduleStartTime: opt(time('ScheduleStartTime of the group')),
  })),
});
export type CoschedulingPodGroup = Static<typeof CoschedulingPodGroupSchema>;
