/** The Service data path of the node agent: ClusterIP/NodePort proxy and cluster DNS (see data-path.ts). */
export { ServiceDataPath, DEFAULT_CLUSTER_DOMAIN, DEFAULT_DNS_ADDRESS, type DataPathOptions, type DataPathStatus } from './data-path.ts';
export { LoopbackAddresses, type LocalAddresses } from './local-addresses.ts';
export { clusterDnsOf, type PodDns } from './pod-dns.ts';
export { hostUpstreams } from './dns-forward.ts';
