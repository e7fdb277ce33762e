/**
 * Where a pod's network namespace lives. Three shapes:
 *
 *  - sandbox: a small container (the kubelet's "pause") owns the namespace on the pod
 *    network and every container of the pod joins it; pod IP = the sandbox's address.
 *    Pods with several containers, init containers or sidecars always run this way.
 *  - own: a pod with exactly one container and nothing else runs as that one container on the
 *    pod network, with a fixed address (pod-ips.ts) recorded in its labels; a restart
 *    creates the next attempt with the same address, hostname, ports and DNS.
 *  - veth: the same, but the container starts on Docker's `none` network and the agent plugs
 *    a veth with the fixed address into the pod network's bridge itself (netwire/veth.ts),
 *    skipping Docker's per-container DNS setup. Only when the agent can (root, host PIDs) and
 *    the pod publishes no hostPort (Docker publishes those only on its own networks).
 *
 * Why not always a sandbox: the namespace is the expensive part of a Docker start on these machines (a
 * container joining a running namespace starts in ≈200 ms, one that makes its own in
 * ≈550 ms), so a sandbox makes every pod pay for two starts. The one-container pod is the
 * common case and loses nothing without one; docs/benchmarks.md (B9) has the numbers.
 * A pod keeps the shape it started with (an agent restart or upgrade never switches it).
 */
import type { Pod } from '@skiff/api';
import { attemptOf, isSandbox, isVeth, podIpOf } from '../runtime/labels.ts';
import type { ContainerInfo } from '../runtime/runtime.ts';

export type PodNet =
  | { kind: 'sandbox'; ip: string; sandbox: ContainerInfo }
  | { kind: 'own'; ip: string }
  | { kind: 'veth'; ip: string };

/** A pod that could run without a sandbox: one container, no init containers, not on the host network. */
export function fitsOwnNetwork(pod: Pod): boolean {
  const s = pod.spec;
  return !!s && !s.hostNetwork && s.containers.length === 1 && !s.initContainers?.length && !(s as { ephemeralContainers?: unknown[] }).ephemeralContainers?.length;
}

/**
 * Which shape this pod runs in: what its containers already show, else own when the agent
 * hands out fixed addresses (`ownAllowed`) and the pod fits.
 */
export function usesOwnNetwork(pod: Pod, containers: ContainerInfo[], ownAllowed: boolean): boolean {
  if (containers.some(isSandbox)) return false;
  if (containers.some((c) => podIpOf(c))) return true;
  return ownAllowed && fitsOwnNetwork(pod);
}

/** A sandbox-less pod's containers that hold its fixed address, latest attempt first. */
const withAddress = (containers: ContainerInfo[]): ContainerInfo[] => containers.filter((c) => podIpOf(c)).sort((a, b) => attemptOf(b) - attemptOf(a));

/** The fixed address of a pod without a sandbox (its latest attempt's), and whether the network was ever up. */
export function ownAddress(containers: ContainerInfo[]): { ip: string; up: boolean } | undefined {
  const mine = withAddress(containers);
  if (!mine.length) return undefined;
  // Up once a container has started with it: from then on the address is the pod's, through
  // back-off too (as a kubelet pod keeps its IP while the sandbox lives).
  return { ip: podIpOf(mine[0]!)!, up: mine.some((c) => c.state === 'running' || !!c.startedAt) };
}

/** A pod the agent may wire itself: it fits its own network and publishes no hostPort. */
export function fitsVeth(pod: Pod): boolean {
  return fitsOwnNetwork(pod) && !pod.spec!.containers.some((c) => c.ports?.some((p) => p.hostPort));
}

/**
 * For a pod without a sandbox, how its next container gets the pod's address: the way its
 * latest one did, except that a veth pod falls back to Docker's network (same address) when
 * this agent cannot wire; a new pod gets a veth when it fits and the agent can.
 */
export function ownShape(pod: Pod, containers: ContainerInfo[], vethAvailable: boolean): 'own' | 'veth' {
  const latest = withAddress(containers)[0];
  if (latest) return isVeth(latest) && vethAvailable ? 'veth' : 'own';
  return vethAvailable && fitsVeth(pod) ? 'veth' : 'own';
}
