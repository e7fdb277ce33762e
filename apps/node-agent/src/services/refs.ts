/** The kinds the service data path watches, addressed the way @skiff/client wants them. */
import type { ResourceRef } from '@skiff/client';

export const SERVICES: ResourceRef = { group: '', version: 'v1', plural: 'services', namespaced: true, kind: 'Service' };
export const ENDPOINT_SLICES: ResourceRef = { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', namespaced: true, kind: 'EndpointSlice' };
/** The label that ties an EndpointSlice to its Service (set by the endpointslice controller). */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
