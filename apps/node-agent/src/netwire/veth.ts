/**
 * Pod networking without Docker's network setup, for one-container pods (pods/pod-network.ts,
 * shape `veth`): the container is created with Docker's `none` network and, once started,
 * the agent gives it a veth pair whose host end is plugged into the `skiff` network's own
 * bridge, with the pod's fixed address (pods/pod-ips.ts) and the bridge as default gateway,
 * what a CNI bridge plugin does for the kubelet. Docker's rules for that bridge (forwarding,
 * NAT to the outside, isolation from other networks) match it by interface and subnet, so the
 * pod talks to pods with Docker-made interfaces, to the host (Services, cluster DNS) and out.
 *
 * Why: on any user-defined Docker network, each container start also sets up Docker's
 * embedded DNS inside the container (a re-exec of dockerd and a dozen iptables runs), which
 * is most of the difference between a pod start and a raw `docker create+start`
 * (docs/benchmarks.md, B9). Skiff's pods never use that resolver's names (the cluster DNS
 * answers them), so it is pure cost. The veth costs a few `ip` runs through one persistent
 * shell (shell.ts), and net-wait.ts holds the pod's program until the address is there.
 *
 * Needs: root (to create links and enter the container's network namespace), `ip` and
 * `nsenter`, a static busybox (net-wait.ts), the bridge visible in this agent's network
 * namespace and container PIDs visible in its PID namespace. probeVeth says which is
 * missing; without them the agent uses Docker's network with a fixed address instead.
 */
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import type { PodBridge } from '../runtime/runtime.ts';
import { NET_WAIT_NAME, netWaitScript } from './net-wait.ts';
import type { ShellCommand, ShellWorker } from './shell.ts';
import { findStaticBusybox } from './static-binary.ts';

/** `fatal`: it would fail the same way for every pod (the agent cannot see container PIDs). */
export type WireResult = { ok: true } | { ok: false; message: string; fatal?: boolean };

export interface WireTarget {
  containerId: string;
  /** The container's first process, in this agent's PID namespace (Docker's State.Pid). */
  pid: number;
  ip: string;
  /** The container may have been wired before (an agent restart): remove that pair first. */
  rewire?: boolean | undefined;
}

/** The host end's name: unique per container, within the kernel's 15 characters. */
export const hostIfName = (containerId: string): string => `skiff${containerId.slice(0, 10)}`;

/**
 * What the agent runs to wire one container, in order (pure: tested without root). Three
 * programs (ip, nsenter, ip), each ≈6–7 ms to start on these machines, so each side's steps
 * go to one `ip -batch`.
 */
export function wireCommands(t: WireTarget, b: PodBridge & { mtu: number }): ShellCommand[] {
  const host = hostIfName(t.containerId);
  const pid = String(t.pid);
  return [
    // Left over from an agent that died half way: removing one end removes the pair.
    ...(t.rewire ? [{ argv: ['ip', 'link', 'del', host], optional: true }] : []),
    {
      argv: ['ip', '-batch', '-'],
      stdin: [`link add ${host} mtu ${b.mtu} type veth peer name eth0 mtu ${b.mtu} netns ${pid}`, `link set ${host} master ${b.name} up`].join('\n'),
    },
    {
      argv: ['nsenter', '-t', pid, '-n', 'ip', '-batch', '-'],
      stdin: [`addr add ${t.ip}/${b.prefixLength} dev eth0`, 'link set eth0 up', `route add default via ${b.gateway} dev eth0`].join('\n'),
    },
  ];
}

/** What pods/sync.ts needs of the wiring (VethWiring; tests give their own). */
export interface PodWiring {
  /** The busybox pods' folders link to (net-wait.ts). */
  readonly busybox: string;
  wire(t: WireTarget): Promise<WireResult>;
}

export class VethWiring implements PodWiring {
  readonly #shell: ShellWorker;
  readonly #bridge: PodBridge & { mtu: number };
  readonly busybox: string;

  constructor(shell: ShellWorker, bridge: PodBridge & { mtu: number }, busybox: string) {
    this.#shell = shell;
    this.#bridge = bridge;
    this.busybox = busybox;
  }

  /** The same wiring, with pods' busybox taken from another path (the agent's own copy). */
  withBusybox(path: string): VethWiring {
    return new VethWiring(this.#shell, this.#bridge, path);
  }

  async wire(t: WireTarget): Promise<WireResult> {
    // The PID must be this very container's (its cgroup path names the container): an agent
    // in a PID namespace of its own would otherwise wire whichever process has that number.
    let cgroup = '';
    try {
      cgroup = readFileSync(`/proc/${t.pid}/cgroup`, 'utf8');
    } catch {
      return { ok: false, fatal: true, message: `process ${t.pid} of container ${t.containerId.slice(0, 12)} is not visible to the agent (it runs in another PID namespace)` };
    }
    if (!cgroup.includes(t.containerId)) return { ok: false, fatal: true, message: `process ${t.pid} is not container ${t.containerId.slice(0, 12)}'s (the agent does not see the host's PIDs)` };
    const r = await this.#shell.run(wireCommands(t, this.#bridge));
    if (r.code !== 0) return { ok: false, message: `wiring ${t.ip} into container ${t.containerId.slice(0, 12)} failed: ${r.output.trim() || `exit status ${r.code}`}` };
    return { ok: true };
  }
}

/** The initial PID namespace's inode (PROC_PID_INIT_INO): the one Docker's PIDs are numbered in on a host. */
const HOST_PID_NAMESPACE = 'pid:[4026531836]';
const readlinkOr = (p: string): string => {
  try {
    return readlinkSync(p);
  } catch {
    return '';
  }
};

export type VethProbe = { ok: true; wiring: VethWiring } | { ok: false; why: string };

/** Whether this agent can wire pods itself, and with what; the reason when not. */
export async function probeVeth(shell: ShellWorker, bridge: PodBridge | undefined, opts: { uid?: number; pidNamespace?: string; busybox?: string | undefined } = {}): Promise<VethProbe> {
  const uid = opts.uid ?? process.getuid?.() ?? -1;
  if (uid !== 0) return { ok: false, why: 'the agent does not run as root' };
  // Docker reports container PIDs as the host sees them; an agent in a container of its own
  // (no `pid: host`) would read other processes under those numbers.
  const pidns = opts.pidNamespace ?? readlinkOr('/proc/self/ns/pid');
  if (pidns !== HOST_PID_NAMESPACE) return { ok: false, why: `the agent runs in its own PID namespace (${pidns || 'unknown'}), not the host's` };
  if (!bridge) return { ok: false, why: 'the pod network has no bridge with a fixed-address range' };
  const busybox = opts.busybox ?? findStaticBusybox();
  if (!busybox) return { ok: false, why: 'no static busybox (install busybox-static)' };
  if (!existsSync(`/sys/class/net/${bridge.name}`)) return { ok: false, why: `the bridge ${bridge.name} is not in the agent's network namespace` };
  const mtu = Number(readFileSync(`/sys/class/net/${bridge.name}/mtu`, 'utf8').trim()) || 1500;
  // The tools, and the waiting script itself on this busybox (marker present: it must exec at once).
  const r = await shell.run([
    { argv: ['ip', '-V'] },
    { argv: ['nsenter', '--version'] },
    { argv: [busybox, 'sh', '-c', netWaitScript(busybox), NET_WAIT_NAME, '/', busybox, 'true'] },
  ]);
  if (r.code !== 0) return { ok: false, why: `ip, nsenter or busybox did not run: ${r.output.trim() || `exit status ${r.code}`}` };
  return { ok: true, wiring: new VethWiring(shell, { ...bridge, mtu }, busybox) };
}
