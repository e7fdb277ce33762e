/**
 * The node agent, assembled: runtime checks (network, sandbox image), the node heartbeat
 * (registration, Lease, status, ResourceSlice), the Service data path when asked for
 * (services/) and the pod manager, sharing one client,
 * one event recorder and one clock. `startNodeAgent` is what main.ts, `skiff up` and the
 * tests call; `stop()` leaves containers running (a restarted agent adopts them).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Node } from '@skiff/api';
import type { RestClient } from '@skiff/client';
import type { Logger } from '@skiff/logging';
import { realClock, type Clock } from './clock.ts';
import { EventRecorder, type EventSink } from './events/recorder.ts';
import { SystemFacts, type NodeFacts } from './node/facts.ts';
import type { NodeGpuView } from './node/node-status.ts';
import { NodeHeartbeat } from './node/status.ts';
import { POD_NETWORK } from './pods/container-config.ts';
import { noDevices, type DeviceProvider } from './pods/devices.ts';
import type { DeviceHealth } from './pods/gpu-liveness.ts';
import { PodManager } from './pods/manager.ts';
import { PodIpAllocator } from './pods/pod-ips.ts';
import { ProbeManager } from './pods/probes.ts';
import { LABEL_MANAGED } from './runtime/labels.ts';
import type { ContainerRuntime } from './runtime/runtime.ts';
import { ensureSandboxImage } from './runtime/sandbox-image.ts';
import { ShellWorker } from './netwire/shell.ts';
import { probeVeth, type PodWiring, type VethWiring } from './netwire/veth.ts';
import { installBusybox } from './netwire/wait-folder.ts';
import { clusterDnsOf, DEFAULT_CLUSTER_DOMAIN, hostUpstreams, ServiceDataPath, type DataPathOptions } from './services/index.ts';

export interface GpuWiring {
  view: () => NodeGpuView;
  devices: DeviceProvider;
  /** Publish/refresh the node's ResourceSlice after each heartbeat; GPU health changes become events on the node. */
  sync?: (node: Node, events: EventSink) => Promise<void>;
  /** Watches running GPU containers for a lost GPU; enqueue re-syncs the pod that lost one. */
  health?: (enqueue: (podKey: string) => void) => DeviceHealth;
}

export interface NodeAgentOptions {
  client: RestClient;
  runtime: ContainerRuntime;
  nodeName: string;
  dataDir: string;
  log: Logger;
  clock?: Clock;
  facts?: NodeFacts;
  gpu?: GpuWiring;
  network?: string;
  /**
   * `auto` (default): a one-container pod runs as that one container with a fixed address when
   * the pod network has a range for them (pods/pod-network.ts); `always`: every pod gets a sandbox.
   */
  podSandbox?: 'auto' | 'always' | undefined;
  /**
   * Whether the agent plugs one-container pods into the pod network itself (netwire/veth.ts)
   * instead of letting Docker do it: `auto` when it can (root, host PIDs), `on` fails the start
   * when it cannot, `off` (default here, so tests with a fake runtime never touch the host;
   * main.ts defaults to auto) never.
   */
  podVeth?: 'auto' | 'on' | 'off' | undefined;
  /** Wiring given as is (tests), instead of probing for it with podVeth. */
  podWiring?: PodWiring | undefined;
  heartbeatMs?: number;
  resyncMs?: number;
  workers?: number;
  /**
   * The Service data path (ClusterIP/NodePort proxy, cluster DNS for pods): off unless given,
   * so tests and fake-runtime clusters leave the host's addresses alone; main.ts turns it on.
   */
  serviceProxy?: Omit<DataPathOptions, 'client' | 'log' | 'nodeName' | 'events'> | undefined;
  /** With the data path off here: the cluster DNS another agent on this engine serves (compose), given to pods. */
  clusterDns?: string | undefined;
  /** The running kubelet port (server/startDockerAgentServer): published on the Node. */
  kubelet?: { port: number; annotations: Record<string, string> };
}

export interface NodeAgent {
  heartbeat: NodeHeartbeat;
  pods: PodManager;
  events: EventRecorder;
  services: ServiceDataPath | undefined;
  stop(): Promise<void>;
}

export async function startNodeAgent(o: NodeAgentOptions): Promise<NodeAgent> {
  const clock = o.clock ?? realClock;
  const dataDir = resolve(o.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const facts = o.facts ?? new SystemFacts(dataDir);
  const network = o.network ?? POD_NETWORK;
  // The sandbox image first: ensureNetwork's lock container is made from it.
  await ensureSandboxImage(o.runtime);
  const net = await o.runtime.ensureNetwork(network, { [LABEL_MANAGED]: 'true' });
  const podIps = o.podSandbox !== 'always' && net.staticRange ? new PodIpAllocator(o.runtime, net.staticRange) : undefined;
  if (o.podSandbox !== 'always' && !net.staticRange) o.log.info({ network }, 'the pod network has no range for fixed addresses (made by an older Skiff or by hand): every pod gets a sandbox; remove the network while no pod uses it to have it remade');
  const shell = podIps && !o.podWiring && (o.podVeth ?? 'off') !== 'off' ? new ShellWorker() : undefined;
  const veth = podIps && o.podWiring ? o.podWiring : shell ? await vethWiring(shell, net.bridge, dataDir, o.podVeth === 'on', o.log) : undefined;
  if (shell && !veth) shell.close();
  const events = new EventRecorder(o.client, o.nodeName, clock, o.log);
  const gpu = o.gpu ?? { view: () => ({ count: 0, simulated: false, conditions: [] }), devices: noDevices };
  const heartbeat = new NodeHeartbeat({
    client: o.client,
    nodeName: o.nodeName,
    facts,
    runtime: o.runtime,
    clock,
    log: o.log,
    gpus: gpu.view,
    ...(o.heartbeatMs ? { intervalMs: o.heartbeatMs } : {}),
    extraSync: gpu.sync ? [(node: Node) => gpu.sync!(node, events)] : [],
    kubelet: o.kubelet,
  });
  await heartbeat.start();
  // Before the pods: sandboxes created from here on get the cluster DNS (when it could start).
  const services = o.serviceProxy ? await ServiceDataPath.start({ instance: dataDir, ...o.serviceProxy, client: o.client, log: o.log.child({ unit: 'services' }), nodeName: o.nodeName, events }) : undefined;
  const hostIP = (): string => heartbeat.node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '127.0.0.1';
  let probes: ProbeManager | undefined;
  const pods = new PodManager({
    client: o.client,
    runtime: o.runtime,
    events,
    clock,
    log: o.log,
    nodeName: o.nodeName,
    hostIP,
    dataDir,
    network,
    podIps,
    veth,
    podDns: services ? (pod) => services.podDns(pod) : o.clusterDns ? clusterDnsOf(o.clusterDns, hostUpstreams(), DEFAULT_CLUSTER_DOMAIN) : undefined,
    devices: gpu.devices,
    deviceHealth: gpu.health,
    probes: (enqueue) => (probes = new ProbeManager(o.runtime, events, enqueue)),
    ...(o.workers ? { workers: o.workers } : {}),
    ...(o.resyncMs ? { resyncMs: o.resyncMs } : {}),
  });
  await pods.start();
  return {
    heartbeat,
    pods,
    events,
    services,
    async stop() {
      await pods.stop();
      await services?.stop();
      probes?.stopAll();
      await heartbeat.stop();
      await events.flush();
      shell?.close();
    },
  };
}

/** The wiring when this agent can do it (with its own copy of busybox under the data dir); why not, in the log. */
async function vethWiring(shell: ShellWorker, bridge: Parameters<typeof probeVeth>[1], dataDir: string, required: boolean, log: Logger): Promise<VethWiring | undefined> {
  const probe = await probeVeth(shell, bridge);
  if (!probe.ok) {
    if (required) throw new Error(`--pod-veth=on, but the agent cannot wire pods: ${probe.why}`);
    log.info({ reason: probe.why }, 'one-container pods use Docker\'s network (the agent cannot wire them itself)');
    return undefined;
  }
  // Pods' folders hard-link this copy: it must live on the data dir's filesystem.
  const busybox = join(dataDir, 'netwire', 'busybox');
  installBusybox(probe.wiring.busybox, busybox);
  log.info({ bridge: bridge?.name }, 'one-container pods are wired into the pod network by the agent');
  return probe.wiring.withBusybox(busybox);
}
