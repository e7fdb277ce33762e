/**
 * From a pod's spec to Docker create options: the sandbox that owns the pod's network
 * namespace (bridge network `skiff`, hostPorts published on it, the pod's hostname, the
 * cluster DNS when the service data path runs: services/pod-dns.ts), and
 * each app or init container joined to it (`container:<sandbox id>`), with command/args,
 * env, resource limits as cgroup limits, volume binds, user, and device passthrough.
 * A one-container pod without a sandbox (pod-network.ts) gets the sandbox's network
 * settings on its one container, with its fixed address; one the agent wires itself
 * (netwire/veth.ts) starts on `none`, behind the program that waits for its address
 * (netwire/net-wait.ts), which is mounted from the pod's folder.
 */
import type { Container, Pod } from '@skiff/api';
import { parseQuantity } from '@skiff/api';
import { containerLabels, containerName, SANDBOX_CONTAINER_NAME, type PodIdentity } from '../runtime/labels.ts';
import type { ContainerSpec, DeviceConfig, DnsConfig, PortBinding } from '../runtime/runtime.ts';
import { SANDBOX_IMAGE } from '../runtime/sandbox-image.ts';
import { NET_WAIT_MOUNT, netWaitCommand } from '../netwire/net-wait.ts';

export const POD_NETWORK = 'skiff';

export function podIdentity(pod: Pod): PodIdentity {
  return { uid: pod.metadata.uid!, namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name! };
}

/** The pod's hostPorts, published by whichever container owns its network namespace. */
function hostPortsOf(pod: Pod): PortBinding[] {
  const ports: PortBinding[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      ports.push({ containerPort: p.containerPort, protocol: (p.protocol ?? 'TCP').toLowerCase() as PortBinding['protocol'], hostPort: p.hostPort, hostIp: p.hostIP });
    }
  }
  return ports;
}

const podHostname = (pod: Pod): string => (pod.spec?.hostname ?? pod.metadata.name!).slice(0, 63);

export function sandboxSpec(node: string, pod: Pod, attempt: number, network = POD_NETWORK, dns?: DnsConfig): ContainerSpec {
  const id = podIdentity(pod);
  const hostNetwork = pod.spec?.hostNetwork === true;
  return {
    name: containerName(id, SANDBOX_CONTAINER_NAME, attempt),
    image: SANDBOX_IMAGE,
    labels: containerLabels(node, id, SANDBOX_CONTAINER_NAME, attempt),
    env: [],
    networkMode: hostNetwork ? 'host' : network,
    hostname: hostNetwork ? undefined : podHostname(pod),
    ports: hostNetwork ? [] : hostPortsOf(pod),
    // Docker refuses DNS settings with host networking.
    dns: hostNetwork ? undefined : dns,
    // busybox sleep as PID 1 ignores SIGTERM: stop it with SIGKILL at once.
    stopSignal: 'SIGKILL',
  };
}

/** CPU in Docker's units: NanoCpus from limits, CpuShares from requests (kubelet's MilliCPUToShares). */
export function cgroupLimits(c: Container): { nanoCpus?: number; cpuShares?: number; memoryBytes?: number } {
  const out: { nanoCpus?: number; cpuShares?: number; memoryBytes?: number } = {};
  const lim = c.resources?.limits ?? {};
  const req = { ...lim, ...(c.resources?.requests ?? {}) };
  if (lim['cpu']) out.nanoCpus = Math.round(parseQuantity(lim['cpu']).toMilli() * 1e6);
  if (req['cpu']) out.cpuShares = Math.max(2, Math.floor((parseQuantity(req['cpu']).toMilli() * 1024) / 1000));
  if (lim['memory']) out.memoryBytes = Math.round(parseQuantity(lim['memory']).toMilli() / 1000);
  return out;
}

/** A container the agent wires itself: what it runs once wired, and the marker it waits for. */
export interface VethNetwork {
  veth: true;
  ip: string;
  dns?: DnsConfig | undefined;
  /** The pod's program (net-wait.ts podArgv). */
  argv: string[];
  /** File name of the marker inside `hostDir`. */
  marker: string;
  /** The pod's wiring folder on the host (busybox + markers), mounted read-only. */
  hostDir: string;
}

export interface AppContainerInput {
  node: string;
  pod: Pod;
  container: Container;
  attempt: number;
  /** Join a sandbox, or hold the pod's network namespace itself (pod-network.ts). */
  network: { sandboxId: string } | { name: string; ip: string; dns?: DnsConfig | undefined } | VethNetwork;
  env: string[];
  volumes: Map<string, { path: string; readOnly: boolean }>;
  devices: { Env: string[]; HostConfig: DeviceConfig };
}

export function appContainerSpec(i: AppContainerInput): ContainerSpec | { error: string } {
  const c = i.container;
  const id = podIdentity(i.pod);
  const binds: string[] = [];
  for (const m of c.volumeMounts ?? []) {
    const v = i.volumes.get(m.name);
    if (!v) return { error: `unable to find volume "${m.name}" for container "${c.name}"` };
    const host = m.subPath ? `${v.path}/${m.subPath}` : v.path;
    binds.push(`${host}:${m.mountPath}${m.readOnly || v.readOnly ? ':ro' : ''}`);
  }
  const sc = c.securityContext;
  const psc = i.pod.spec?.securityContext;
  const uid = sc?.runAsUser ?? psc?.runAsUser;
  const gid = sc?.runAsGroup ?? psc?.runAsGroup;
  // Which GPUs a container sees is the agent's decision (NVIDIA_VISIBLE_DEVICES=void for most pods):
  // the device env overrides any variable of the same name the pod sets.
  const env = [...i.env.filter((e) => !i.devices.Env.some((d) => d.split('=')[0] === e.split('=')[0])), ...i.devices.Env];
  const net = i.network;
  const hostNet = i.pod.spec?.hostNetwork === true;
  const veth = 'veth' in net && !hostNet ? net : undefined;
  const own = 'name' in net && !hostNet ? net : undefined;
  const joined = 'sandboxId' in net ? `container:${net.sandboxId}` : undefined;
  const wait = veth ? netWaitCommand(veth.marker, veth.argv) : undefined;
  return {
    name: containerName(id, c.name, i.attempt),
    image: c.image ?? '',
    labels: containerLabels(i.node, id, c.name, i.attempt, (own ?? veth)?.ip, !!veth),
    entrypoint: wait?.entrypoint ?? (c.command?.length ? c.command : undefined),
    // Kubernetes: command without args ignores the image CMD; Docker needs an explicit empty Cmd for that.
    cmd: wait?.cmd ?? (c.args?.length ? c.args : c.command?.length ? [] : undefined),
    env,
    workingDir: c.workingDir,
    networkMode: hostNet ? 'host' : (own?.name ?? joined ?? 'none'),
    ...(own ? { ipv4Address: own.ip, hostname: podHostname(i.pod), ports: hostPortsOf(i.pod), dns: own.dns } : {}),
    // Docker writes `<address> <hostname>` into /etc/hosts only for its own networks.
    ...(veth ? { hostname: podHostname(i.pod), extraHosts: [`${podHostname(i.pod)}:${veth.ip}`], dns: veth.dns } : {}),
    binds: veth ? [...binds, `${veth.hostDir}:${NET_WAIT_MOUNT}:ro`] : binds,
    ...cgroupLimits(c),
    user: uid !== undefined ? `${uid}${gid !== undefined ? `:${gid}` : ''}` : undefined,
    privileged: sc?.privileged,
    tty: c.tty,
    openStdin: c.stdin,
    stopSignal: c.lifecycle?.stopSignal,
    devices: i.devices.HostConfig,
  };
}
