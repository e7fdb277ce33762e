/**
 * The pods/sync.ts side of pods the agent wires itself (netwire/veth.ts): what such a
 * container is created with (its program behind net-wait.ts, the pod's folder, the cluster
 * DNS alone), and the wiring after its start. Failures come back as data; a failure that
 * would hit every pod (the agent cannot see container PIDs) turns wiring off for the rest of
 * the agent's life, with one Node event, and pods fall back to Docker's network.
 */
import { join } from 'node:path';
import type { Container, Pod } from '@skiff/api';
import type { Logger } from '@skiff/logging';
import { nodeRef, type EventSink } from '../events/recorder.ts';
import { markerName, podArgv, type ImageCommand } from '../netwire/net-wait.ts';
import type { PodWiring } from '../netwire/veth.ts';
import { isMarkedUp, markUp, prepareWaitFolder } from '../netwire/wait-folder.ts';
import { attemptOf, podIpOf } from '../runtime/labels.ts';
import type { ContainerInfo, DnsConfig } from '../runtime/runtime.ts';
import type { VethNetwork } from './container-config.ts';
import { podDir } from './volumes.ts';

export type WiredNetwork = { ok: true; network: VethNetwork } | { ok: false; message: string };
export type WireOutcome = { ok: true } | { ok: false; message: string; fatal: boolean };

/**
 * A wired pod's resolv.conf names its servers directly (no Docker resolver in between, which
 * would try them in order): only the cluster DNS, as on Kubernetes, since a resolver that asks
 * all at once (musl) could take a host resolver's "no such name" for a Service's name. The
 * cluster DNS forwards every other name itself.
 */
export const wiredDns = (dns: DnsConfig | undefined): DnsConfig | undefined => (dns ? { ...dns, servers: dns.servers.slice(0, 1) } : undefined);


export class WiredPods {
  #wiring: PodWiring | undefined;
  readonly #d: { dataDir: string; nodeName: string; events: EventSink; log: Logger };

  constructor(wiring: PodWiring | undefined, d: { dataDir: string; nodeName: string; events: EventSink; log: Logger }) {
    this.#wiring = wiring;
    this.#d = d;
  }

  /** Whether new containers may be wired (false once wiring was turned off). */
  get available(): boolean {
    return this.#wiring !== undefined;
  }

  /** The pod's folder mounted into its wired containers (netwire/wait-folder.ts). */
  folder(pod: Pod): string {
    return join(podDir(this.#d.dataDir, pod.metadata.uid!), 'net');
  }

  /** Whether this attempt's wiring was finished (its marker written). */
  isUp(pod: Pod, ct: ContainerInfo, container: string): boolean {
    return isMarkedUp(this.folder(pod), markerName(container, attemptOf(ct)));
  }

  /** The create-time settings of one attempt: its program (from the pod and the image), marker and folder. */
  network(pod: Pod, c: Container, attempt: number, ip: string, image: ImageCommand, dns: DnsConfig | undefined): WiredNetwork {
    if (!this.#wiring) return { ok: false, message: 'this agent cannot wire pods (see its log)' };
    const argv = podArgv(c, image);
    // Docker's own words for an image and pod that name no program.
    if (!argv.length) return { ok: false, message: 'Error response from daemon: No command specified' };
    const marker = markerName(c.name, attempt);
    const hostDir = this.folder(pod);
    const ready = prepareWaitFolder(this.#wiring.busybox, hostDir, marker);
    if (!ready.ok) return { ok: false, message: ready.message };
    return { ok: true, network: { veth: true, ip, dns: wiredDns(dns), argv, marker, hostDir } };
  }

  /** Plug a started container in and let its program go (`rewire`: it may have been wired before). */
  async wire(pod: Pod, c: Container, ct: ContainerInfo, rewire: boolean): Promise<WireOutcome> {
    const w = this.#wiring;
    const r = w && ct.pid
      ? await w.wire({ containerId: ct.id, pid: ct.pid, ip: podIpOf(ct) ?? '', rewire })
      : { ok: false as const, message: w ? `container ${ct.id.slice(0, 12)} is not running` : 'this agent cannot wire pods (see its log)', fatal: !w };
    if (r.ok) {
      markUp(this.folder(pod), markerName(c.name, attemptOf(ct)));
      return { ok: true };
    }
    const fatal = r.fatal === true;
    if (fatal && w) {
      this.#wiring = undefined;
      this.#d.log.warn({ reason: r.message }, 'wiring pods into the pod network failed in a way that would fail for every pod: one-container pods use Docker\'s network from now on');
      this.#d.events.event(nodeRef(this.#d.nodeName), 'Warning', 'PodWiringOff', `Pods are no longer wired by the agent (${r.message}); they use Docker's network.`);
    }
    return { ok: false, message: r.message, fatal };
  }
}
