/**
 * What `skiff top` reads, as fixed refs (no discovery round trip): metrics.k8s.io/v1beta1
 * NodeMetrics and PodMetrics, and the core Nodes (allocatable) and Pods (empty-list checks).
 */
export const NODE_METRICS = { group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes', namespaced: false, kind: 'NodeMetrics' };
export const POD_METRICS = { group: 'metrics.k8s.io', version: 'v1beta1', plural: 'pods', namespaced: true, kind: 'PodMetrics' };
export { NODES, PODS } from '../gpus/refs.ts';
