/** core/v1 Service. */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, mergeList, str, int, intOrString, stringMap, stringEnum, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { ConditionSchema } from './meta-types.ts';

const opt = Type.Optional;

export const ServicePortSchema = named('io.k8s.api.core.v1.ServicePort', "ServicePort contains information on service's port.", {
  name: opt(str('The name of this port within the service. This must be a DNS_LABEL. Required when there is more than one port.')),
  protocol: opt(stringEnum(['TCP', 'UDP', 'SCTP'], 'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.')),
  appProtocol: opt(str('The application protocol for this port.')),
  port: int('The port that will be exposed by this service.'),
  targetPort: opt(intOrString("Number or name of the port to access on the pods targeted by the service. Defaults to the value of 'port'.")),
  nodePort: opt(int('The port on each node on which this service is exposed when type is NodePort or LoadBalancer.')),
});

export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

export const ServiceSpecSchema = named('io.k8s.api.core.v1.ServiceSpec', 'ServiceSpec describes the attributes that a user creates on a service.', {
  ports: opt(mergeList(ServicePortSchema, 'port', 'The list of ports that are exposed by this service.', ['port', 'protocol'])),
  selector: opt(stringMap('Route service traffic to pods with label keys and values matching this selector.')),
  clusterIP: opt(str('clusterIP is the IP address of the service, usually assigned randomly. "None" makes a headless service. Immutable.')),
  clusterIPs: opt(atomicList(Type.String(), 'ClusterIPs is a list of IP addresses assigned to this service. Immutable.')),
  type: opt(stringEnum([...SERVICE_TYPES], 'type determines how the Service is exposed. Defaults to ClusterIP.')),
  externalIPs: opt(atomicList(Type.String(), 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.')),
  sessionAffinity: opt(stringEnum(['ClientIP', 'None'], 'Supports "ClientIP" and "None". Defaults to None.')),
  loadBalancerIP: opt(str('Only applies to Service Type: LoadBalancer. Deprecated.')),
  loadBalancerSourceRanges: opt(atomicList(Type.String(), 'If specified and supported by the platform, traffic through the load-balancer will be restricted to the specified client IPs.')),
  externalName: opt(str('externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record).')),
  externalTrafficPolicy: opt(stringEnum(['Cluster', 'Local'], 'externalTrafficPolicy describes how nodes distribute service traffic they receive on externally-facing addresses.')),
  internalTrafficPolicy: opt(stringEnum(['Cluster', 'Local'], 'InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP.')),
  healthCheckNodePort: opt(int('healthCheckNodePort specifies the healthcheck nodePort for the service.')),
  publishNotReadyAddresses: opt(Type.Boolean({ description: 'publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready.' })),
  ipFamilies: opt(atomicList(stringEnum(['IPv4', 'IPv6'], 'IP family'), 'IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service.')),
  ipFamilyPolicy: opt(stringEnum(['SingleStack', 'PreferDualStack', 'RequireDualStack'], 'IPFamilyPolicy represents the dual-stack-ness requested or required by this Service.')),
  allocateLoadBalancerNodePorts: opt(Type.Boolean({ description: 'allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer. Default is true.' })),
});

export const ServiceSchema = kindObject({ group: '', version: 'v1', kind: 'Service' }, 'Service is a named abstraction of software service (for example, mysql) consisting of local port that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.', {
  spec: opt(ServiceSpecSchema),
  status: opt(named('io.k8s.api.core.v1.ServiceStatus', 'ServiceStatus represents the current status of a service.', {
    loadBalancer: opt(named('io.k8s.api.core.v1.LoadBalancerStatus', 'LoadBalancerStatus represents the status of a load-balancer.', {
      ingress: opt(atomicList(named('io.k8s.api.core.v1.LoadBalancerIngress', 'LoadBalancerIngress represents the status of a load-balancer ingress point.', {
        ip: opt(str('IP is set for load-balancer ingress points that are IP based.')),
        hostname: opt(str('Hostname is set for load-balancer ingress points that are DNS based.')),
      }), 'Ingress is a list containing ingress points for the load-balancer.')),
    })),
    conditions: opt(mergeList(ConditionSchema, 'type', 'Current service state')),
  })),
});
export type Service = Static<typeof ServiceSchema>;
