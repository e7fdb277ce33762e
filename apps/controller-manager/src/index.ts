/**
 * @skiff/controller-manager: the workload controllers (ReplicaSet, Deployment, garbage
 * collector, Job, ResourceClaim templates, Service IPs, EndpointSlices, node lifecycle) in one
 * process, leader-elected on kube-system/skiff-controller-manager.
 */
export { ControllerManager, type ManagerConfig } from './manager.ts';
export { CONTROLLERS, selectControllers, type ControllerDescriptor } from './registry.ts';
export type { ControllerDeps, KubeClient, ManagerOptions } from './deps.ts';
