/**
 * The resolver settings a pod's sandbox gets (HostConfig.Dns/DnsSearch/DnsOptions; the app
 * containers share the sandbox's /etc/resolv.conf). On a user-defined Docker network the
 * container's resolv.conf always names Docker's embedded DNS (127.0.0.11), which forwards
 * to these servers in order from inside the pod's network namespace. So the first server is
 * the agent's cluster DNS, and the host's own (non-loopback) resolvers follow as fallbacks:
 * while the agent restarts, Docker moves on to them and outside names keep resolving.
 * Search list and ndots as on Kubernetes, so `web`, `web.default` and
 * `web.default.svc.cluster.local` all work.
 * Why DNS and not /etc/hosts entries (ExtraHosts): those are written once at sandbox
 * creation and go stale as services come and go; DNS answers from the live cache.
 */
import type { Pod } from '@skiff/api';

export interface PodDns {
  servers: string[];
  searches: string[];
  options: string[];
}

export interface ClusterDns {
  server: string;
  fallbacks: readonly string[];
  domain: string;
}

/** undefined = leave Docker's default DNS (dnsPolicy Default/None, or host networking, where Docker refuses DNS settings). */
export function podDnsConfig(pod: Pod, c: ClusterDns): PodDns | undefined {
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  if (pod.spec?.hostNetwork || (policy !== 'ClusterFirst' && policy !== 'ClusterFirstWithHostNet')) return undefined;
  const ns = pod.metadata.namespace ?? 'default';
  return {
    servers: [c.server, ...c.fallbacks.filter((s) => s !== c.server)],
    searches: [`${ns}.svc.${c.domain}`, `svc.${c.domain}`, c.domain],
    options: ['ndots:5'],
  };
}

/** The host's resolvers pods can use directly: loopback ones (127.0.0.53 and friends) are unreachable from a pod. */
export const podReachable = (upstreams: readonly string[]): string[] => upstreams.filter((u) => !u.startsWith('127.') && !u.includes(':'));

/**
 * Pod DNS for an agent whose data path is off but whose engine has one that is on (docker
 * compose: one host-network agent serves every pod of the engine, kubelet's --cluster-dns).
 * Fallbacks are the resolvers this agent sees that pods can reach too.
 */
export function clusterDnsOf(server: string, fallbacks: readonly string[], domain: string): (pod: Pod) => PodDns | undefined {
  const c: ClusterDns = { server, fallbacks: podReachable(fallbacks), domain };
  return (pod) => podDnsConfig(pod, c);
}
