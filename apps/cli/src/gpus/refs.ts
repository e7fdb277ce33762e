/**
 * The kinds `skiff gpus` and `skiff why` read, as fixed refs: both commands read the same
 * built-in kinds on every cluster, so they skip discovery (one round trip less per run).
 */
export const NODES = { group: '', version: 'v1', plural: 'nodes', namespaced: false, kind: 'Node' };
export const PODS = { group: '', version: 'v1', plural: 'pods', namespaced: true, kind: 'Pod' };
export const EVENTS = { group: '', version: 'v1', plural: 'events', namespaced: true, kind: 'Event' };
export const RESOURCE_SLICES = { group: 'resource.k8s.io', version: 'v1', plural: 'resourceslices', namespaced: false, kind: 'ResourceSlice' };
export const RESOURCE_CLAIMS = { group: 'resource.k8s.io', version: 'v1', plural: 'resourceclaims', namespaced: true, kind: 'ResourceClaim' };
export const RESOURCE_CLAIM_TEMPLATES = { group: 'resource.k8s.io', version: 'v1', plural: 'resourceclaimtemplates', namespaced: true, kind: 'ResourceClaimTemplate' };
export const DEVICE_CLASSES = { group: 'resource.k8s.io', version: 'v1', plural: 'deviceclasses', namespaced: false, kind: 'DeviceClass' };
/** Upstream's gang API (pod.spec.schedulingGroup.podGroupName). */
export const POD_GROUPS = { group: 'scheduling.k8s.io', version: 'v1alpha2', plural: 'podgroups', namespaced: true, kind: 'PodGroup' };
/** scheduler-plugins' Coscheduling PodGroup (pod label scheduling.x-k8s.io/pod-group). */
export const COSCHEDULING_POD_GROUPS = { group: 'scheduling.x-k8s.io', version: 'v1alpha1', plural: 'podgroups', namespaced: true, kind: 'PodGroup' };

/** The driver the node agent publishes GPUs under (docs/gpu.md). */
export const GPU_DRIVER = 'gpu.nvidia.com';
/** Classic extended resource (the agent records the UUIDs it picked in GPUS_ANNOTATION, @skiff/api). */
export const GPU_RESOURCE = 'nvidia.com/gpu';
export const SIMULATED_GPUS_LABEL = 'skiff.dev/simulated-gpus';
