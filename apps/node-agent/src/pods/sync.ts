/**
 * One pod's reconcile step (the kubelet's SyncPod), level-based: look at the pod and at the
 * containers carrying its uid, do the next thing (sandbox, volumes, image, create, start,
 * restart after back-off, kill on liveness failure), then write the status. Failures
 * are data (the reason cache + events); the result says when to look again. Init containers
 * come first (init-containers.ts says which to sync); the app containers only once the pod
 * is initialized.
 */
import type { Container, Pod } from '@skiff/api';
import type { GpuProblem } from '../gpu/types.ts';
import type { RestClient } from '@skiff/client';
import type { Logger } from '@skiff/logging';
import { goDuration, type Clock } from '../clock.ts';
import { nodeRef, type EventSink } from '../events/recorder.ts';
import { attemptOf, isVeth, LABEL_NODE, LABEL_POD_UID } from '../runtime/labels.ts';
import type { ContainerInfo, ContainerRuntime, DnsConfig } from '../runtime/runtime.ts';
import { BackoffTable } from './backoff.ts';
import { appContainerSpec, sandboxSpec, POD_NETWORK, type AppContainerInput } from './container-config.ts';
import type { DeviceProvider } from './devices.ts';
import type { DeviceHealth } from './gpu-liveness.ts';
import { containerEnv } from './env.ts';
import { ensureImage } from './images.ts';
import { planInit, planKey, type InitPlan } from './init-containers.ts';
import type { PodIpAllocator } from './pod-ips.ts';
import { ownAddress, ownShape, usesOwnNetwork, type PodNet } from './pod-network.ts';
import { attemptsOf, computePodStatus, latestSandbox, roleOf, shouldRestart, type Role, type Waiting } from './pod-status.ts';
import type { ProbeManager } from './probes.ts';
import { StatusWriter } from './status-writer.ts';
import { Terminator } from './terminate.ts';
import { prepareVolumes, type VolumeResult } from './volumes.ts';
import type { PodWiring } from '../netwire/veth.ts';
import { WiredPods } from './wired-pods.ts';

export interface SyncResult {
  requeueAfterMs?: number | undefined;
}

export interface SyncDeps {
  client: RestClient;
  runtime: ContainerRuntime;
  events: EventSink;
  clock: Clock;
  log: Logger;
  nodeName: string;
  hostIP: () => string;
  dataDir: string;
  network?: string;
  /** Fixed pod addresses on the pod network; when set, one-container pods run without a sandbox (pod-network.ts). */
  podIps?: PodIpAllocator | undefined;
  /** Wires one-container pods into the pod network itself when the agent can (netwire/veth.ts). */
  veth?: PodWiring | undefined;
  /** The pod's resolver settings (the service data path's cluster DNS); undefined keeps Docker's. */
  podDns?: ((pod: Pod) => DnsConfig | undefined) | undefined;
  probes: ProbeManager;
  devices: DeviceProvider;
  /** Lost-GPU watch over running GPU containers (gpu-liveness.ts); absent without real GPUs. */
  deviceHealth?: DeviceHealth | undefined;
  enqueue: (podKey: string) => void;
}

const RETRY_MS = 5_000;

/** While a regular init container runs, look again this often (the kubelet's PLEG relist period): its exit moves the pod on. */
const INIT_POLL_MS = 1_000;
const min = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
export const podKeyOf = (pod: Pod): string => `${pod.metadata.namespace}/${pod.metadata.name}`;
export const formatPod = (pod: Pod): string => `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
/** The spec of a container of the pod, app or init, by name. */
const specOf = (pod: Pod, name: string | undefined): Container | undefined => pod.spec?.containers.find((c) => c.name === name) ?? pod.spec?.initContainers?.find((c) => c.name === name);

export class PodSyncer {
  readonly crash: BackoffTable;
  readonly pulls: BackoffTable;
  readonly status: StatusWriter;
  readonly terminator: Terminator;
  /** The kubelet's reasonCache: pod uid → container → why it is waiting. */
  readonly #reasons = new Map<string, Map<string, Waiting>>();
  /** Pod uid → its fixed address, for pods without a sandbox whose address changed after a collision. */
  readonly #ownIps = new Map<string, string>();
  readonly #d: SyncDeps;
  /** Pods the agent wires itself (wired-pods.ts). */
  readonly #wired: WiredPods;

  constructor(d: SyncDeps) {
    this.#d = d;
    this.#wired = new WiredPods(d.veth, d);
    this.crash = new BackoffTable(d.clock);
    this.pulls = new BackoffTable(d.clock);
    this.status = new StatusWriter(d.client, d.log);
    this.terminator = new Terminator(d, this.status, (uid) => this.forget(uid), (pod, cs) => this.computeStatus(pod, cs, true));
  }

  listContainers(uid: string): Promise<ContainerInfo[]> {
    return this.#d.runtime.listContainers({ [LABEL_NODE]: this.#d.nodeName, [LABEL_POD_UID]: uid });
  }

  reasons(uid: string): Map<string, Waiting> {
    let m = this.#reasons.get(uid);
    if (!m) this.#reasons.set(uid, (m = new Map()));
    return m;
  }

  forget(uid: string): void {
    this.#reasons.delete(uid);
    this.crash.resetPrefix(`${uid}/`);
    this.pulls.resetPrefix(`${uid}_`);
    this.status.forget(uid);
    const ip = this.#ownIps.get(uid);
    if (ip) this.#d.podIps?.release(ip);
    this.#ownIps.delete(uid);
    this.#d.devices.release(uid);
  }

  computeStatus(pod: Pod, containers: ContainerInfo[], terminal = false): NonNullable<Pod['status']> {
    const spec = (id: string): Container | undefined => specOf(pod, containers.find((x) => x.id === id)?.labels['io.kubernetes.container.name']);
    return computePodStatus({
      pod,
      containers,
      waiting: this.reasons(pod.metadata.uid!),
      ready: (id) => this.#d.probes.ready(id, spec(id)),
      started: (id) => this.#d.probes.started(id, spec(id)),
      hostIP: this.#d.hostIP(),
      now: this.#d.clock.now(),
      terminal,
    });
  }

  /** Where the init sequence stands; a sidecar with a startup probe counts once the probe succeeded. */
  #plan(pod: Pod, containers: ContainerInfo[], sandbox: ContainerInfo | undefined): InitPlan {
    return planInit(pod, containers, sandbox, (id) => this.#d.probes.started(id, specOf(pod, containers.find((c) => c.id === id)?.labels['io.kubernetes.container.name'])));
  }

  async sync(pod: Pod): Promise<SyncResult> {
    const uid = pod.metadata.uid!;
    let containers = await this.listContainers(uid);
    if (pod.metadata.deletionTimestamp) return this.terminator.terminate(pod, containers);
    const phase = pod.status?.phase;
    const specs = pod.spec?.containers ?? [];
    const inits = pod.spec?.initContainers ?? [];
    const finished = phase === 'Succeeded' || phase === 'Failed'
      || (inits.length > 0 && this.#plan(pod, containers, latestSandbox(containers)).failed)
      || (specs.length > 0 && specs.every((c) => { const l = attemptsOf(containers, c.name)[0]; return l?.state === 'exited' && !shouldRestart(pod, l); }));
    if (finished) {
      // Nothing will run again: stop what still runs (sidecars, after the app containers), then
      // release the sandbox; keep the containers (logs) and report.
      if (!this.terminator.stopRunning(pod, containers, pod.spec?.terminationGracePeriodSeconds ?? 30)) {
        const sb = latestSandbox(containers);
        if (sb?.state === 'running') await this.#d.runtime.stopContainer(sb.id, 0);
      }
      await this.status.write(pod, this.computeStatus(pod, await this.listContainers(uid), phase === 'Succeeded' || phase === 'Failed'));
      return {};
    }
    let requeue: number | undefined;
    const net = await this.#ensurePodNetwork(pod, containers);
    const sandbox = net?.kind === 'sandbox' ? net.sandbox : undefined;
    if (!net) requeue = RETRY_MS;
    else {
      if (sandbox && !containers.some((c) => c.id === sandbox.id)) containers = await this.listContainers(uid);
      const volumes = await prepareVolumes(this.#d.client, this.#d.dataDir, pod);
      if (!volumes.ok) {
        this.#d.events.event(pod, 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${volumes.volume}" : ${volumes.message}`);
        requeue = RETRY_MS;
      } else {
        let plan = this.#plan(pod, containers, sandbox);
        for (let round = 0; ; round++) {
          for (const c of plan.sync) requeue = min(requeue, await this.#syncContainer(pod, c, containers, net, volumes, roleOf(c, true)));
          if (plan.initialized) {
            for (const c of specs) requeue = min(requeue, await this.#syncContainer(pod, c, containers, net, volumes, 'app'));
            containers = await this.listContainers(uid);
            break;
          }
          containers = await this.listContainers(uid);
          const next = this.#plan(pod, containers, sandbox);
          if (next.failed) requeue = 0;
          else if (next.running) requeue = min(requeue, INIT_POLL_MS);
          // A quick init container may have finished already: go on now, not at the next look.
          if (next.failed || round >= inits.length || planKey(next) === planKey(plan)) break;
          plan = next;
        }
      }
    }
    const status = this.computeStatus(pod, containers);
    await this.status.write(pod, status);
    const running = new Set(containers.filter((c) => c.state === 'running').map((c) => c.id));
    this.#d.probes.retain(running, new Set(containers.map((c) => c.id)));
    this.#d.deviceHealth?.retain(running);
    for (const c of [...inits, ...specs]) {
      const latest = attemptsOf(containers, c.name)[0];
      if (latest?.state !== 'running') continue;
      this.#d.probes.ensure(pod, c, latest.id, Date.parse(latest.startedAt ?? latest.createdAt), status.podIP);
      this.#d.deviceHealth?.watch(c, latest.id, podKeyOf(pod));
    }
    return { requeueAfterMs: requeue };
  }

  /** The pod's network: a running sandbox (created now if needed) or its own fixed address; undefined when neither could be had. */
  async #ensurePodNetwork(pod: Pod, containers: ContainerInfo[]): Promise<PodNet | undefined> {
    if (usesOwnNetwork(pod, containers, this.#d.podIps !== undefined)) {
      const uid = pod.metadata.uid!;
      let ip = this.#ownIps.get(uid) ?? ownAddress(containers)?.ip;
      if (!ip) {
        const fail = (why: string): undefined => {
          this.#d.events.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${why}`);
          return undefined;
        };
        if (!this.#d.podIps) return fail('this pod ran without a sandbox, and the pod network no longer has a range for fixed addresses');
        try {
          ip = await this.#d.podIps.allocate();
        } catch (e) {
          return fail(`listing the addresses in use: ${e instanceof Error ? e.message : String(e)}`);
        }
        if (!ip) return fail(`no free address left in ${this.#d.podIps.range}`);
        this.#ownIps.set(uid, ip);
      }
      return { kind: ownShape(pod, containers, this.#wired.available), ip };
    }
    const sandbox = await this.#ensureSandbox(pod, containers);
    return sandbox ? { kind: 'sandbox', ip: sandbox.ip ?? '', sandbox } : undefined;
  }

  /** A running sandbox (created now if needed), or undefined when it could not be made. */
  async #ensureSandbox(pod: Pod, containers: ContainerInfo[]): Promise<ContainerInfo | undefined> {
    const rt = this.#d.runtime;
    const current = latestSandbox(containers);
    if (current?.state === 'running') return current;
    if (current) {
      this.#d.events.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
      // Containers in the dead sandbox's network namespace have no network left: restart them in the new one.
      for (const c of containers) if (c.state === 'running') await rt.stopContainer(c.id, pod.spec?.terminationGracePeriodSeconds ?? 30).catch(() => undefined);
      for (const c of containers) if (c.labels['io.skiff.role'] === 'sandbox') await rt.removeContainer(c.id).catch(() => undefined);
    }
    const attempt = current ? attemptOf(current) + 1 : 0;
    try {
      const id = await rt.createContainer(sandboxSpec(this.#d.nodeName, pod, attempt, this.#d.network ?? POD_NETWORK, this.#d.podDns?.(pod)));
      await rt.startContainer(id);
      return await rt.inspectContainer(id);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.#d.events.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${msg}`);
      this.#d.log.warn({ err: e, pod: podKeyOf(pod) }, 'sandbox creation failed');
      return undefined;
    }
  }

  /** Returns when to look at this container again (undefined: on the next event). */
  async #syncContainer(pod: Pod, c: Container, containers: ContainerInfo[], net: PodNet, volumes: VolumeResult & { ok: true }, role: Role): Promise<number | undefined> {
    const d = this.#d;
    const uid = pod.metadata.uid!;
    const reasons = this.reasons(uid);
    const [latest, ...older] = attemptsOf(containers, c.name);
    const key = `${uid}/${c.name}`;
    if (latest?.state === 'running') {
      // An agent that died between a wired container's start and its wiring: finish it now.
      if (isVeth(latest) && !this.#wired.isUp(pod, latest, c.name)) return this.#wire(pod, c, latest, reasons, true);
      if (d.probes.livenessFailed(latest.id)) {
        d.events.event(pod, 'Normal', 'Killing', `Container ${c.name} failed liveness probe, will be restarted`);
        d.probes.forget([latest.id]);
        await d.runtime.stopContainer(latest.id, pod.spec?.terminationGracePeriodSeconds ?? 30);
        return 0;
      }
      const lostGpu = d.deviceHealth?.lost(latest.id);
      if (lostGpu) return this.#gpuLost(pod, c, latest.id, lostGpu);
      reasons.delete(c.name);
      return undefined;
    }
    if (latest?.state === 'created') {
      // Created by an agent that died before starting it (a wired one is wired on the next look).
      await d.runtime.startContainer(latest.id).catch(() => undefined);
      return 0;
    }
    if (latest) {
      if (!shouldRestart(pod, latest, role)) return undefined;
      const finishedAt = Date.parse(latest.finishedAt ?? latest.createdAt);
      if (this.crash.isInBackOffSince(key, finishedAt)) {
        const delay = goDuration(this.crash.get(key));
        reasons.set(c.name, { reason: 'CrashLoopBackOff', message: `back-off ${delay} restarting failed container=${c.name} pod=${formatPod(pod)}` });
        d.events.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${formatPod(pod)}`);
        return Math.max(1, this.crash.remaining(key, finishedAt));
      }
      this.crash.next(key);
    }
    for (const old of older) await d.runtime.removeContainer(old.id).catch(() => undefined); // keep one dead attempt for lastState
    return this.#startContainer(pod, c, latest ? attemptOf(latest) + 1 : 0, net, volumes, reasons);
  }

  /**
   * A running container that lost its GPU (gpu-liveness.ts): say so on the pod and the node,
   * stop it, and let the restart policy recreate it at once with fresh device access. A pod
   * with restartPolicy Never is not restarted (that is the user's contract); it fails, and
   * the events say why.
   */
  async #gpuLost(pod: Pod, c: Container, id: string, p: GpuProblem): Promise<number> {
    const d = this.#d;
    const restarts = pod.spec?.restartPolicy !== 'Never';
    d.events.event(pod, 'Warning', 'GPULost', `Container ${c.name} lost access to its GPU (${p.reason}): ${p.message} ${restarts ? 'Recreating the container.' : 'restartPolicy is Never: the container is stopped and not restarted.'}`);
    d.events.event(nodeRef(d.nodeName), 'Warning', 'GPULost', `Pod ${pod.metadata.namespace}/${pod.metadata.name} container ${c.name} lost access to its GPU (${p.reason}): ${p.message}`);
    d.deviceHealth?.forget(id);
    await d.runtime.stopContainer(id, pod.spec?.terminationGracePeriodSeconds ?? 30).catch(() => undefined);
    // Losing the device was not the program's fault: no crash back-off for this restart.
    this.crash.reset(`${pod.metadata.uid}/${c.name}`);
    return 0;
  }

  async #startContainer(pod: Pod, c: Container, attempt: number, net: PodNet, volumes: VolumeResult & { ok: true }, reasons: Map<string, Waiting>): Promise<number | undefined> {
    const d = this.#d;
    const fail = (reason: string, message: string, event = true): number => {
      reasons.set(c.name, { reason, message });
      if (event) d.events.event(pod, 'Warning', 'Failed', `Error: ${message}`);
      return RETRY_MS;
    };
    const pulled = await ensureImage(d.runtime, this.pulls, d.events, pod, c, () => d.clock.now());
    if (!pulled.ok) {
      reasons.set(c.name, { reason: pulled.reason, message: pulled.message });
      const key = `${pod.metadata.uid}_${c.image}`;
      const last = this.pulls.lastUpdate(key);
      return last === undefined ? RETRY_MS : Math.max(1, this.pulls.remaining(key, last));
    }
    const env = await containerEnv({ client: d.client, pod, nodeName: d.nodeName, podIP: net.ip, hostIP: d.hostIP() }, c);
    if (!env.ok) return fail('CreateContainerConfigError', env.message);
    const devices = await d.devices.forContainer(pod, c);
    if (!devices.ok) return fail('CreateContainerConfigError', devices.message);
    let network: AppContainerInput['network'];
    if (net.kind === 'sandbox') network = { sandboxId: net.sandbox.id };
    else if (net.kind === 'own' || !this.#wired.available) network = { name: d.network ?? POD_NETWORK, ip: net.ip, dns: d.podDns?.(pod) };
    else {
      const image = pulled.image ?? (await d.runtime.inspectImage(c.image ?? '').catch(() => undefined)) ?? {};
      const wired = this.#wired.network(pod, c, attempt, net.ip, image, d.podDns?.(pod));
      if (!wired.ok) return fail('CreateContainerError', wired.message);
      network = wired.network;
    }
    const spec = appContainerSpec({ node: d.nodeName, pod, container: c, attempt, network, env: env.env, volumes: volumes.hostPaths, devices: devices.config });
    if ('error' in spec) return fail('CreateContainerConfigError', spec.error);
    let id: string;
    try {
      id = await d.runtime.createContainer(spec);
    } catch (e) {
      return fail('CreateContainerError', e instanceof Error ? e.message : String(e));
    }
    d.events.event(pod, 'Normal', 'Created', `Created container: ${c.name}`);
    try {
      await d.runtime.startContainer(id);
    } catch (e) {
      if (net.kind === 'own' && d.podIps && /address already in use/i.test(e instanceof Error ? e.message : String(e))) return this.#addressTaken(pod, c, id, net.ip);
      // The container now shows as terminated (ContainerCannotRun); restarts back off from here.
      d.events.event(pod, 'Warning', 'Failed', `Error: failed to start container "${c.name}": ${e instanceof Error ? e.message : String(e)}`);
      reasons.delete(c.name);
      return 0;
    }
    if ('veth' in network) {
      const info = await d.runtime.inspectContainer(id).catch(() => undefined);
      const wired = await this.#wire(pod, c, info ?? { id, labels: spec.labels } as ContainerInfo, reasons);
      if (wired !== undefined) return wired;
    }
    d.events.event(pod, 'Normal', 'Started', `Started container ${c.name}`);
    reasons.delete(c.name);
    return undefined;
  }

  /**
   * Wire a started container; on failure remove it and say why (the next look makes a new
   * one: with a veth again, or on Docker's network when wiring was turned off).
   */
  async #wire(pod: Pod, c: Container, ct: ContainerInfo, reasons: Map<string, Waiting>, rewire = false): Promise<number | undefined> {
    const r = await this.#wired.wire(pod, c, ct, rewire);
    if (r.ok) return undefined;
    await this.#d.runtime.removeContainer(ct.id).catch(() => undefined);
    const message = `Failed to create pod sandbox: ${r.message}`;
    this.#d.events.event(pod, 'Warning', 'FailedCreatePodSandBox', message);
    reasons.set(c.name, { reason: 'ContainerCreating', message });
    return r.fatal ? 0 : RETRY_MS;
  }

  /**
   * Another container holds the pod's fixed address (an agent sharing the engine picked it in
   * the same moment, or something outside Skiff took it): forget the container that could not
   * start, take a new address and go again at once.
   */
  async #addressTaken(pod: Pod, c: Container, id: string, ip: string): Promise<number> {
    const d = this.#d;
    await d.runtime.removeContainer(id).catch(() => undefined);
    d.podIps!.taken(ip);
    const next = await d.podIps!.allocate().catch(() => undefined);
    if (next) this.#ownIps.set(pod.metadata.uid!, next);
    else this.#ownIps.delete(pod.metadata.uid!);
    d.events.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: address ${ip} of container ${c.name} is held by another container${next ? `; the pod moves to ${next}` : ''}`);
    return next ? 0 : RETRY_MS;
  }
}
