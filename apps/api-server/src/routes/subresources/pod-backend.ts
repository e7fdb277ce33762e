/**
 * Where a pod's logs and exec are served: the pod's container (defaulted as upstream), its
 * node's address, the agent's kubelet port and the certificate fingerprint the agent
 * published (node-agent server/endpoint.ts). All failures are Statuses kubectl prints.
 */
import { errors, StatusError, registry, type Node, type Pod } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { keyFor } from '../resources/names.ts';

export const KUBELET_CERT_ANNOTATION = 'skiff.dev/kubelet-serving-cert-sha256';
const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';
const DEFAULT_KUBELET_PORT = 10250;

export interface Backend {
  pod: Pod;
  container: string;
  host: string;
  port: number;
  /** Lower-case hex SHA-256 of the agent's serving certificate. */
  fingerprint: string;
}

const podType = registry.byKind('', 'Pod')!;
const nodeType = registry.byKind('', 'Node')!;

export function getPod(ctx: ServerContext, namespace: string, name: string): Pod {
  const stored = ctx.store.get(keyFor(podType, namespace, name));
  if (!stored) throw errors.notFound('pods', '', name);
  return stored.object as Pod;
}

function allContainerNames(pod: Pod): string[] {
  const s = pod.spec;
  return [...(s?.containers ?? []), ...(s?.initContainers ?? [])].map((c) => c.name);
}

/** An explicit name must exist; otherwise the annotation, then the only container. */
export function defaultContainer(pod: Pod, requested: string | undefined): string {
  const names = allContainerNames(pod);
  const name = pod.metadata.name;
  if (requested) {
    if (!names.includes(requested)) throw errors.badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated && names.includes(annotated)) return annotated;
  const main = pod.spec?.containers ?? [];
  if (main.length === 1) return main[0]!.name;
  if (main.length === 0) throw errors.badRequest(`a container name must be specified for pod ${name}`);
  throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
}

/** The kubelet's rule: a waiting container with a terminated predecessor still has logs to show. */
export function checkLogsAvailable(pod: Pod, container: string): void {
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const s = statuses.find((c) => c.name === container);
  const waiting = (reason: string): StatusError => errors.badRequest(`container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`);
  if (!pod.spec?.nodeName || !s) throw waiting('ContainerCreating');
  if (s.state?.waiting && !s.lastState?.terminated) {
    const r = s.state.waiting.reason ?? 'ContainerCreating';
    throw waiting(r === 'ErrImagePull' || r === 'ImagePullBackOff' ? 'trying and failing to pull image' : r);
  }
}

export function dialError(message: string): StatusError {
  return new StatusError(500, 'InternalError', `error dialing backend: ${message}`);
}

/** Node → address (InternalIP, then Hostname, then ExternalIP), kubelet port, pinned fingerprint. */
export function nodeEndpoint(ctx: ServerContext, nodeName: string): { host: string; port: number; fingerprint: string } {
  const stored = ctx.store.get(keyFor(nodeType, undefined, nodeName));
  if (!stored) throw errors.notFound('nodes', '', nodeName);
  const node = stored.object as Node;
  const addrs = node.status?.addresses ?? [];
  const host = ['InternalIP', 'Hostname', 'ExternalIP'].map((t) => addrs.find((a) => a.type === t)?.address).find(Boolean);
  if (!host) throw dialError(`node "${nodeName}" reports no address`);
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port || DEFAULT_KUBELET_PORT;
  const fingerprint = node.metadata.annotations?.[KUBELET_CERT_ANNOTATION]?.toLowerCase().replace(/:/g, '');
  // Without a pinned certificate the caller's token could go to whoever answers on that address.
  if (!fingerprint) throw dialError(`node "${nodeName}" has not published its kubelet serving certificate (annotation ${KUBELET_CERT_ANNOTATION}); is its node agent running?`);
  return { host, port, fingerprint };
}

/** `check` runs once the container is known, before the node is looked at (logs: waiting containers). */
export function podBackend(ctx: ServerContext, namespace: string, name: string, requested: string | undefined, check?: (pod: Pod, container: string) => void): Backend {
  const pod = getPod(ctx, namespace, name);
  const container = defaultContainer(pod, requested);
  check?.(pod, container);
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw errors.badRequest(`pod ${name} does not have a host assigned`);
  return { pod, container, ...nodeEndpoint(ctx, nodeName) };
}
