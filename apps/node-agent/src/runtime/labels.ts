/**
 * Labels on every container the agent creates. They are the agent's only memory: after a
 * restart it finds each pod's sandbox and containers (and their restart attempt) by them.
 * The node label keeps several agents on one engine (docker compose) out of each other's way.
 */
import type { ContainerInfo } from './runtime.ts';

export const LABEL_MANAGED = 'io.skiff.managed';
export const LABEL_NODE = 'io.skiff.node';
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
export const LABEL_ATTEMPT = 'io.skiff.attempt';
/** The fixed pod address a container without a sandbox was created with (pods/pod-ips.ts). */
export const LABEL_POD_IP = 'io.skiff.pod-ip';
/** `veth` on a container whose network the agent wired itself (netwire/veth.ts); absent: Docker's. */
export const LABEL_POD_NET = 'io.skiff.pod-net';
/** On the pod network: the CIDR the agents hand out fixed addresses from (runtime/docker.ts). */
export const LABEL_STATIC_RANGE = 'io.skiff.static-range';
/** `sandbox` or `container`. */
export const LABEL_ROLE = 'io.skiff.role';

/** The kubelet's name for the sandbox in container listings. */
export const SANDBOX_CONTAINER_NAME = 'POD';

export interface PodIdentity {
  uid: string;
  namespace: string;
  name: string;
}

export function containerLabels(node: string, pod: PodIdentity, container: string, attempt: number, podIP?: string, veth = false): Record<string, string> {
  return {
    ...(podIP ? { [LABEL_POD_IP]: podIP } : {}),
    ...(podIP && veth ? { [LABEL_POD_NET]: 'veth' } : {}),
    [LABEL_MANAGED]: 'true',
    [LABEL_NODE]: node,
    [LABEL_POD_UID]: pod.uid,
    [LABEL_POD_NAMESPACE]: pod.namespace,
    [LABEL_POD_NAME]: pod.name,
    [LABEL_CONTAINER_NAME]: container,
    [LABEL_ATTEMPT]: String(attempt),
    [LABEL_ROLE]: container === SANDBOX_CONTAINER_NAME ? 'sandbox' : 'container',
  };
}

/** Docker name, kubelet style: k8s_<container>_<pod>_<namespace>_<uid>_<attempt>. */
export function containerName(pod: PodIdentity, container: string, attempt: number): string {
  return `k8s_${container}_${pod.name}_${pod.namespace}_${pod.uid}_${attempt}`;
}

export const attemptOf = (c: ContainerInfo): number => Number(c.labels[LABEL_ATTEMPT] ?? 0) || 0;
export const isSandbox = (c: ContainerInfo): boolean => c.labels[LABEL_ROLE] === 'sandbox';
/** The fixed address of a container that holds its pod's network itself (no sandbox). */
export const podIpOf = (c: ContainerInfo): string | undefined => c.labels[LABEL_POD_IP] || undefined;
export const isVeth = (c: ContainerInfo): boolean => c.labels[LABEL_POD_NET] === 'veth';
export const containerNameOf = (c: ContainerInfo): string => c.labels[LABEL_CONTAINER_NAME] ?? '';
