/** ResourceRefs of every kind the scheduler reads or writes. */
import type { ResourceRef } from '@skiff/client';

const r = (group: string, version: string, plural: string, namespaced: boolean, kind: string): ResourceRef => ({ group, version, plural, namespaced, kind });

export const PODS = r('', 'v1', 'pods', true, 'Pod');
export const NODES = r('', 'v1', 'nodes', false, 'Node');
export const EVENTS = r('', 'v1', 'events', true, 'Event');
export const PRIORITY_CLASSES = r('scheduling.k8s.io', 'v1', 'priorityclasses', false, 'PriorityClass');
export const RESOURCE_CLAIMS = r('resource.k8s.io', 'v1', 'resourceclaims', true, 'ResourceClaim');
export const RESOURCE_CLAIM_TEMPLATES = r('resource.k8s.io', 'v1', 'resourceclaimtemplates', true, 'ResourceClaimTemplate');
export const RESOURCE_SLICES = r('resource.k8s.io', 'v1', 'resourceslices', false, 'ResourceSlice');
export const DEVICE_CLASSES = r('resource.k8s.io', 'v1', 'deviceclasses', false, 'DeviceClass');
/** Upstream gang API (1.36): scheduling.k8s.io/v1alpha2. */
export const POD_GROUPS = r('scheduling.k8s.io', 'v1alpha2', 'podgroups', true, 'PodGroup');
export const WORKLOADS = r('scheduling.k8s.io', 'v1alpha2', 'workloads', true, 'Workload');
/** scheduler-plugins Coscheduling: scheduling.x-k8s.io/v1alpha1. */
export const COSCHEDULING_POD_GROUPS = r('scheduling.x-k8s.io', 'v1alpha1', 'podgroups', true, 'PodGroup');
export const LEASES = r('coordination.k8s.io', 'v1', 'leases', true, 'Lease');
