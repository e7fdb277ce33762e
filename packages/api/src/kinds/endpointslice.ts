/** discovery.k8s.io/v1 EndpointSlice. */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, str, int, stringEnum, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { ObjectReferenceSchema } from './meta-types.ts';

const opt = Type.Optional;

export const EndpointSchema = named('io.k8s.api.discovery.v1.Endpoint', 'Endpoint represents a single logical "backend" implementing a service.', {
  addresses: Type.Array(Type.String(), { description: 'addresses of this endpoint. For EndpointSlices of addressType "IPv4" or "IPv6", the values are IP addresses in canonical form.', 'x-kubernetes-list-type': 'set' }),
  conditions: opt(named('io.k8s.api.discovery.v1.EndpointConditions', 'EndpointConditions represents the current condition of an endpoint.', {
    ready: opt(Type.Boolean({ description: 'ready indicates that this endpoint is ready to receive traffic.' })),
    serving: opt(Type.Boolean({ description: 'serving indicates that this endpoint is able to receive traffic, regardless of terminating.' })),
    terminating: opt(Type.Boolean({ description: 'terminating indicates that this endpoint is terminating.' })),
  })),
  hostname: opt(str('hostname of this endpoint.')),
  targetRef: opt(ObjectReferenceSchema),
  nodeName: opt(str('nodeName represents the name of the Node hosting this endpoint.')),
  zone: opt(str('zone is the name of the Zone this endpoint exists in.')),
  hints: opt(named('io.k8s.api.discovery.v1.EndpointHints', 'EndpointHints provides hints describing how an endpoint should be consumed.', {
    forZones: opt(atomicList(named('io.k8s.api.discovery.v1.ForZone', 'ForZone provides information about which zones should consume this endpoint.', { name: str('name represents the name of the zone.') }), 'forZones indicates the zone(s) this endpoint should be consumed by.')),
  })),
});

export const EndpointSliceSchema = kindObject({ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' }, 'EndpointSlice represents a set of service endpoints.', {
  addressType: stringEnum(['IPv4', 'IPv6', 'FQDN'], 'addressType specifies the type of address carried by this EndpointSlice. Immutable.'),
  endpoints: atomicList(EndpointSchema, 'endpoints is a list of unique endpoints in this slice.'),
  ports: opt(atomicList(named('io.k8s.api.discovery.v1.EndpointPort', 'EndpointPort represents a Port used by an EndpointSlice', {
    name: opt(str('name represents the name of this port.')),
    protocol: opt(stringEnum(['TCP', 'UDP', 'SCTP'], 'protocol represents the IP protocol for this port. Defaults to TCP.')),
    port: opt(int('port represents the port number of the endpoint.')),
    appProtocol: opt(str('The application protocol for this port.')),
  }), 'ports specifies the list of network ports exposed by each endpoint in this slice.')),
});
export type EndpointSlice = Static<typeof EndpointSliceSchema>;
