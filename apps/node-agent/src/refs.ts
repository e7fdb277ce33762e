/** The resources the node agent reads and writes, addressed the way @skiff/client wants them. */
import type { ResourceRef } from '@skiff/client';

export const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods', namespaced: true, kind: 'Pod' };
export const NODES: ResourceRef = { group: '', version: 'v1', plural: 'nodes', namespaced: false, kind: 'Node' };
export const EVENTS: ResourceRef = { group: '', version: 'v1', plural: 'events', namespaced: true, kind: 'Event' };
export const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', plural: 'configmaps', namespaced: true, kind: 'ConfigMap' };
export const SECRETS: ResourceRef = { group: '', version: 'v1', plural: 'secrets', namespaced: true, kind: 'Secret' };
export const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespaced: true, kind: 'Lease' };
export const RESOURCE_SLICES: ResourceRef = { group: 'resource.k8s.io', version: 'v1', plural: 'resourceslices', namespaced: false, kind: 'ResourceSlice' };
export const RESOURCE_CLAIMS: ResourceRef = { group: 'resource.k8s.io', version: 'v1', plural: 'resourceclaims', namespaced: true, kind: 'ResourceClaim' };

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** What the agent reports as its kubelet version (matches the api-server's /version minor). */
export const KUBELET_VERSION = 'v1.32.0-skiff';
