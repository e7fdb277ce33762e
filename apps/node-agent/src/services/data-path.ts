/**
 * The Service data path of one node, in user space inside the agent:
 *  - every ClusterIP is held as a /32 on the host's loopback (local-addresses.ts) and a TCP
 *    proxy listens on ClusterIP:port; pods reach it through their default gateway (the
 *    host), the host reaches it directly;
 *  - every NodePort gets a proxy on all of the host's addresses;
 *  - a cluster DNS server answers `<svc>.<ns>.svc.cluster.local` on its own link-local
 *    address (169.254.20.10, NodeLocal DNSCache's, or --cluster-dns), held on loopback the same way, and
 *    each pod's sandbox is pointed at it (pod-dns.ts).
 * Why this and not iptables DNAT (kube-proxy): DNAT needs the kernel's conntrack and rule
 * bookkeeping in two tables and a privileged helper on every change; a user-space proxy
 * re-reads endpoints in the same process that watches them, so "only ready endpoints,
 * within a second" is a function call, and it can be tested with plain sockets. The cost
 * is a copy through the agent and the client IP seen by backends being the host's.
 * Why not one gateway address with per-service ports: two services on port 80 would clash.
 *
 * Level-triggered: any Service/EndpointSlice change schedules one reconcile of the whole
 * desired state (desired.ts) against what is held, coalescing bursts. Without the
 * privileges (not root, no CAP_NET_ADMIN, no `ip` command) it says so once (log + Node
 * event) and stays off: pods still run, with Docker's default DNS. Nothing here throws.
 */
import type { Pod } from '@skiff/api';
import type { ListWatchSource } from '@skiff/client';
import type { Logger } from '@skiff/logging';
import { nodeRef, type EventSink } from '../events/recorder.ts';
import { desiredState } from './desired.ts';
import { lookupName } from './dns-records.ts';
import { hostUpstreams } from './dns-forward.ts';
import { DnsServer } from './dns-server.ts';
import { instanceLabel, LoopbackAddresses, type LocalAddresses } from './local-addresses.ts';
import { podDnsConfig, podReachable, type PodDns } from './pod-dns.ts';
import { TcpProxy } from './tcp-proxy.ts';
import { ServiceWatcher } from './watcher.ts';

/** NodeLocal DNSCache's well-known address: link-local, so it can never collide with a ClusterIP. */
export const DEFAULT_DNS_ADDRESS = '169.254.20.10';
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

export interface DataPathOptions {
  client: ListWatchSource;
  log: Logger;
  nodeName: string;
  events?: EventSink | undefined;
  /** Where ClusterIPs and the DNS address are held (default: loopback, under instanceLabel(nodeName, instance)). */
  addresses?: LocalAddresses | undefined;
  /** What, beside the node name, tells this agent from another on the same host (the agent's data folder). */
  instance?: string | undefined;
  /** Where the cluster DNS listens (agent flag --cluster-dns); two clusters on one host need two. */
  dnsAddress?: string | undefined;
  /** 53 for pods (Docker's resolver always asks port 53); tests may pick another. */
  dnsPort?: number | undefined;
  clusterDomain?: string | undefined;
  /** Where NodePorts listen (default every address of the host). */
  nodePortHost?: string | undefined;
  /** Resolvers for names outside the cluster (default: the agent's /etc/resolv.conf). */
  upstreams?: string[] | undefined;
  /** How often failed listeners are retried even without a change (default 10 s). */
  resyncMs?: number | undefined;
}

export interface DataPathStatus {
  /** False when the agent lacks the privileges: no proxy, no DNS. */
  enabled: boolean;
  reason?: string | undefined;
  dns: boolean;
}

interface Held {
  proxy: TcpProxy;
  service: string;
}


export class ServiceDataPath {
  readonly status: DataPathStatus = { enabled: false, dns: false };
  readonly listeners = new Map<string, Held>();
  readonly #o: DataPathOptions;
  readonly #addresses: LocalAddresses;
  readonly #held = new Set<string>();
  readonly #warned = new Map<string, string>();
  readonly #dnsAddress: string;
  readonly #domain: string;
  readonly #upstreams: string[];
  #watcher: ServiceWatcher | undefined;
  #dns: DnsServer | undefined;
  #running: Promise<void> | undefined;
  #dirty = false;
  #stopped = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Reconcile passes run (tests: "did it look again"). */
  passes = 0;

  private constructor(o: DataPathOptions) {
    this.#o = o;
    this.#addresses = o.addresses ?? new LoopbackAddresses(instanceLabel(o.nodeName, o.instance ?? ''));
    this.#dnsAddress = o.dnsAddress ?? DEFAULT_DNS_ADDRESS;
    this.#domain = o.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
    this.#upstreams = o.upstreams ?? hostUpstreams([this.#dnsAddress]);
  }

  /** Start what the privileges allow; never throws. */
  static async start(o: DataPathOptions): Promise<ServiceDataPath> {
    const dp = new ServiceDataPath(o);
    await dp.#start();
    return dp;
  }

  async #start(): Promise<void> {
    // Adopt what a previous run left under our label; the first reconcile drops what is stale.
    const listed = await this.#addresses.list();
    const added = listed.ok ? await this.#addresses.add(this.#dnsAddress) : listed;
    // Held by another owner still proves the privilege (EPERM comes before EEXIST) and the
    // address is local, so DNS can try to listen on it; it just never becomes ours to remove.
    if (!added.ok && added.reason !== 'HeldByOther') return this.#disable(added.error);
    if (!added.ok) this.#warnOnce(`addr ${this.#dnsAddress}`, added.error, 'the cluster DNS address is held by another owner');
    for (const ip of listed.ok ? listed.ips : []) this.#held.add(ip);
    if (added.ok) this.#held.add(this.#dnsAddress);
    this.status.enabled = true;
    const watcher = (this.#watcher = new ServiceWatcher(this.#o.client, () => this.#schedule()));
    const dns = new DnsServer({ domain: this.#domain, lookup: (q) => lookupName(watcher, q, this.#domain), upstreams: () => this.#upstreams });
    const listening = await dns.listen(this.#dnsAddress, this.#o.dnsPort ?? 53);
    if (listening.ok) {
      this.#dns = dns;
      this.status.dns = true;
    } else {
      // The proxy still works by ClusterIP; pods just keep Docker's DNS.
      this.#o.log.warn({ address: `${this.#dnsAddress}:${this.#o.dnsPort ?? 53}`, error: listening.error }, 'cluster DNS could not start: pods get Docker\'s default DNS, services are reachable by ClusterIP only');
    }
    if (!(await watcher.start())) return;
    await this.reconcile();
    this.#timer = setInterval(() => this.#schedule(), this.#o.resyncMs ?? 10_000);
    this.#timer.unref?.();
    this.#o.log.info({ dns: this.status.dns ? `${this.#dnsAddress}:${this.#o.dnsPort ?? 53}` : 'off', listeners: this.listeners.size }, 'service data path on');
  }

  #disable(error: string): void {
    this.status.reason = `service data path off: cannot manage local addresses (${error}); run the agent as root or with CAP_NET_ADMIN, or pass --service-proxy=off`;
    this.#o.log.warn({ error }, this.status.reason);
    this.#o.events?.event(nodeRef(this.#o.nodeName), 'Warning', 'ServiceProxyUnavailable', `Services are not reachable from pods on this node: ${this.status.reason}`);
  }

  /** The sandbox DNS settings for a pod, or undefined to leave Docker's defaults. */
  podDns(pod: Pod): PodDns | undefined {
    if (!this.status.dns) return undefined;
    return podDnsConfig(pod, { server: this.#dnsAddress, fallbacks: podReachable(this.#upstreams), domain: this.#domain });
  }

  /** Run one full pass now (after any pass already running); resolves when the state is applied. */
  async reconcile(): Promise<void> {
    this.#schedule();
    while (this.#running) await this.#running;
  }

  #schedule(): void {
    if (this.#stopped || !this.#watcher) return;
    if (this.#running) {
      this.#dirty = true;
      return;
    }
    this.#running = (async () => {
      do {
        this.#dirty = false;
        await this.#pass().catch((e: unknown) => this.#o.log.error({ err: e }, 'service data path pass failed'));
      } while (this.#dirty && !this.#stopped);
      this.#running = undefined;
    })();
  }

  async #pass(): Promise<void> {
    const w = this.#watcher!;
    this.passes++;
    const want = desiredState(w.services.lister.list(), w.endpointSlices.lister.list(), this.#o.nodePortHost);
    want.addresses.add(this.#dnsAddress);
    // Addresses first (a ClusterIP listener needs its address), removals last (after the listener is gone).
    for (const ip of want.addresses) {
      if (this.#held.has(ip)) continue;
      const r = await this.#addresses.add(ip);
      if (r.ok) this.#held.add(ip);
      // HeldByOther: another agent on this host (another cluster) has it; our listener may still bind, or report the clash.
      else this.#warnOnce(`addr ${ip}`, r.error, r.reason === 'HeldByOther' ? 'a ClusterIP address is held by another owner on this host' : 'could not add a ClusterIP address');
    }
    for (const [key, spec] of want.listeners) {
      let held = this.listeners.get(key);
      if (!held) {
        const proxy = new TcpProxy({ onBackendError: (b, error) => this.#o.log.debug({ service: spec.service, backend: `${b.ip}:${b.port}`, error }, 'backend unreachable, trying the next') });
        const r = await proxy.listen(spec.host, spec.port);
        if (!r.ok) {
          const svc = w.service(spec.namespace, spec.serviceName);
          if (this.#warnOnce(`listen ${key}`, r.error, 'could not listen for a service') && svc) this.#o.events?.event(svc, 'Warning', 'FailedToListen', `node ${this.#o.nodeName} cannot listen on ${key} for ${spec.service}: ${r.error}`);
          continue;
        }
        this.#warned.delete(`listen ${key}`);
        this.listeners.set(key, (held = { proxy, service: spec.service }));
        this.#o.log.info({ service: spec.service, listen: key }, 'service listener up');
      }
      held.proxy.setBackends(spec.backends);
    }
    for (const [key, held] of this.listeners) {
      if (want.listeners.has(key)) continue;
      this.listeners.delete(key);
      await held.proxy.close();
      this.#o.log.info({ service: held.service, listen: key }, 'service listener closed');
    }
    for (const ip of this.#held) {
      if (want.addresses.has(ip)) continue;
      const r = await this.#addresses.remove(ip);
      if (r.ok) this.#held.delete(ip);
      else this.#warnOnce(`addr ${ip}`, r.error, 'could not remove a ClusterIP address');
    }
  }

  /** Log a failure once per key and error text (retries every resync must not flood the log). */
  #warnOnce(key: string, error: string, msg: string): boolean {
    if (this.#warned.get(key) === error) return false;
    this.#warned.set(key, error);
    this.#o.log.warn({ key, error }, msg);
    return true;
  }

  /** The port the cluster DNS is bound to (53 unless a test asked for another). */
  get dnsPort(): number {
    return this.#dns?.port ?? 0;
  }

  /** Addresses held now (tests). */
  get addresses(): ReadonlySet<string> {
    return this.#held;
  }

  /** Close every listener (dropping open connections: the agent is going away) and give back every address. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#watcher?.stop();
    while (this.#running) await this.#running;
    for (const held of this.listeners.values()) await held.proxy.close(true);
    this.listeners.clear();
    await this.#dns?.close();
    for (const ip of [...this.#held]) if ((await this.#addresses.remove(ip)).ok) this.#held.delete(ip);
  }
}
