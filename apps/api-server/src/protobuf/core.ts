/**
 * core/v1 kinds other than pods: Namespace, ConfigMap, Secret, Service, Binding. Field numbers
 * from kubernetes/api core/v1/generated.proto.
 */
import { Condition, IntOrString, ObjectMeta } from './meta.ts';
import { mapOf, message } from './schema.ts';

export const Namespace = message('Namespace', () => ({
  1: ['metadata', ObjectMeta],
  2: ['spec', message('NamespaceSpec', () => ({ 1: ['finalizers', 'string', 'repeated'] }))],
  3: ['status', message('NamespaceStatus', () => ({ 1: ['phase', 'string'] }))],
}));

export const ConfigMap = message('ConfigMap', () => ({
  1: ['metadata', ObjectMeta],
  4: ['immutable', 'bool', 'keep'],
  2: ['data', mapOf('string')],
  3: ['binaryData', mapOf('bytes')],
}));

export const Secret = message('Secret', () => ({
  1: ['metadata', ObjectMeta],
  5: ['immutable', 'bool', 'keep'],
  2: ['data', mapOf('bytes')],
  4: ['stringData', mapOf('string')],
  3: ['type', 'string'],
}));

const ServicePort = message('ServicePort', () => ({
  1: ['name', 'string'],
  2: ['protocol', 'string'],
  6: ['appProtocol', 'string', 'keep'],
  3: ['port', 'int32', 'keep'],
  4: ['targetPort', IntOrString],
  5: ['nodePort', 'int32'],
}));

const SessionAffinityConfig = message('SessionAffinityConfig', () => ({
  1: ['clientIP', message('ClientIPConfig', () => ({ 1: ['timeoutSeconds', 'int32', 'keep'] }))],
}));

const ServiceSpec = message('ServiceSpec', () => ({
  1: ['ports', ServicePort, 'repeated'],
  2: ['selector', mapOf('string')],
  3: ['clusterIP', 'string'],
  18: ['clusterIPs', 'string', 'repeated'],
  4: ['type', 'string'],
  5: ['externalIPs', 'string', 'repeated'],
  7: ['sessionAffinity', 'string'],
  8: ['loadBalancerIP', 'string'],
  9: ['loadBalancerSourceRanges', 'string', 'repeated'],
  10: ['externalName', 'string'],
  11: ['externalTrafficPolicy', 'string'],
  12: ['healthCheckNodePort', 'int32'],
  13: ['publishNotReadyAddresses', 'bool'],
  14: ['sessionAffinityConfig', SessionAffinityConfig],
  19: ['ipFamilies', 'string', 'repeated'],
  17: ['ipFamilyPolicy', 'string', 'keep'],
  20: ['allocateLoadBalancerNodePorts', 'bool', 'keep'],
  21: ['loadBalancerClass', 'string', 'keep'],
  22: ['internalTrafficPolicy', 'string', 'keep'],
}));

const PortStatus = message('PortStatus', () => ({ 1: ['port', 'int32', 'keep'], 2: ['protocol', 'string', 'keep'], 3: ['error', 'string', 'keep'] }));

const LoadBalancerIngress = message('LoadBalancerIngress', () => ({
  1: ['ip', 'string'],
  2: ['hostname', 'string'],
  4: ['ports', PortStatus, 'repeated'],
}));

const ServiceStatus = message('ServiceStatus', () => ({
  1: ['loadBalancer', message('LoadBalancerStatus', () => ({ 1: ['ingress', LoadBalancerIngress, 'repeated'] }))],
  2: ['conditions', Condition, 'repeated'],
}));

export const Service = message('Service', () => ({
  1: ['metadata', ObjectMeta],
  2: ['spec', ServiceSpec],
  3: ['status', ServiceStatus],
}));

export const ObjectReference = message('ObjectReference', () => ({
  1: ['kind', 'string'],
  2: ['namespace', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  5: ['apiVersion', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['fieldPath', 'string'],
}));

/** pods/binding: what a typed-client scheduler posts. */
export const Binding = message('Binding', () => ({
  1: ['metadata', ObjectMeta],
  2: ['target', ObjectReference],
}));
