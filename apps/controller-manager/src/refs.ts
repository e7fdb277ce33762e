/** The resources the controllers read and write, as the client addresses them. */
import type { ResourceRef } from '@skiff/client';

const core = (plural: string, kind: string, namespaced = true): ResourceRef => ({ group: '', version: 'v1', plural, namespaced, kind });

export const podsRef = core('pods', 'Pod');
export const nodesRef = core('nodes', 'Node', false);
export const servicesRef = core('services', 'Service');
export const replicaSetsRef: ResourceRef = { group: 'apps', version: 'v1', plural: 'replicasets', namespaced: true, kind: 'ReplicaSet' };
export const deploymentsRef: ResourceRef = { group: 'apps', version: 'v1', plural: 'deployments', namespaced: true, kind: 'Deployment' };
export const jobsRef: ResourceRef = { group: 'batch', version: 'v1', plural: 'jobs', namespaced: true, kind: 'Job' };
export const endpointSlicesRef: ResourceRef = { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', namespaced: true, kind: 'EndpointSlice' };
export const resourceClaimsRef: ResourceRef = { group: 'resource.k8s.io', version: 'v1', plural: 'resourceclaims', namespaced: true, kind: 'ResourceClaim' };
export const resourceClaimTemplatesRef: ResourceRef = { group: 'resource.k8s.io', version: 'v1', plural: 'resourceclaimtemplates', namespaced: true, kind: 'ResourceClaimTemplate' };
export const nodeLeasesRef: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespaced: true, kind: 'Lease' };

/** Kinds whose objects carry ownerReferences the garbage collector follows. */
export const OWNED_KINDS: readonly ResourceRef[] = [podsRef, replicaSetsRef, deploymentsRef, jobsRef, resourceClaimsRef, endpointSlicesRef];
