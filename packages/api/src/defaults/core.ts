/** Defaults for the small core/v1 kinds: Service, Secret, Namespace, Node. */
import type { Service } from '../kinds/service.ts';
import type { Secret } from '../kinds/secret.ts';
import type { Namespace } from '../kinds/namespace.ts';
import type { Node } from '../kinds/node.ts';

export function defaultService(svc: Service): void {
  svc.spec ??= {};
  const spec = svc.spec;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    // targetPort 0 / "" counts as unset upstream.
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  if (spec.type !== 'ExternalName') {
    spec.internalTrafficPolicy ??= 'Cluster';
    // Skiff serves IPv4 single-stack only; upstream's allocator sets these on create.
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
  }
}

/** stringData is write-only: it is merged into data (base64) and never stored, as upstream's conversion does. */
export function defaultSecret(s: Secret): void {
  s.type ??= 'Opaque';
  if (s.stringData) {
    s.data ??= {};
    for (const [k, v] of Object.entries(s.stringData)) s.data[k] = Buffer.from(v, 'utf8').toString('base64');
    delete s.stringData;
  }
}

export function defaultNamespace(ns: Namespace): void {
  ns.status ??= {};
  ns.status.phase ??= 'Active';
}

/** Namespace strategy PrepareForCreate: the `kubernetes` finalizer makes deletion go through content cleanup. */
export function prepareNamespaceForCreate(ns: Namespace): void {
  ns.spec = { finalizers: ['kubernetes'] };
  ns.status = { phase: 'Active' };
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity. */
export function defaultNode(node: Node): void {
  const status = node.status;
  if (status?.capacity && !status.allocatable) status.allocatable = { ...status.capacity };
}
