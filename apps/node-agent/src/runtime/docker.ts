/**
 * ContainerRuntime on the Docker Engine API through dockerode (unix socket by default).
 * Engine errors become RuntimeError carrying the engine's own message and HTTP code.
 */
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import { formatCidr, parseCidr, splitCidr, type Cidr } from '@skiff/api';
import { LABEL_STATIC_RANGE } from './labels.ts';
import { SANDBOX_IMAGE } from './sandbox-image.ts';
import { tarArchive } from './tar.ts';
import { RuntimeError, type ContainerInfo, type ContainerRuntime, type ContainerSpec, type ContainerStats, type ExecResult, type ImageInfo, type PodNetwork, type RuntimeVersion } from './runtime.ts';

export interface DockerRuntimeOptions {
  socketPath?: string | undefined;
}

export class DockerRuntime implements ContainerRuntime {
  readonly docker: Docker;

  constructor(opts: DockerRuntimeOptions = {}) {
    this.docker = new Docker({ socketPath: opts.socketPath ?? '/var/run/docker.sock' });
  }

  async version(): Promise<RuntimeVersion> {
    const v = await call(() => this.docker.version());
    return { name: 'docker', version: v.Version, apiVersion: v.ApiVersion };
  }

  info(): Promise<Record<string, unknown>> {
    return call(() => this.docker.info() as Promise<Record<string, unknown>>);
  }

  async ensureNetwork(name: string, labels: Record<string, string>): Promise<PodNetwork> {
    const existing = await this.#network(name);
    if (existing) return existing;
    // Docker does not make network names unique atomically (CheckDuplicate is best effort), and
    // agents starting together (docker compose) would each make one. Container names are
    // unique atomically: whoever creates the lock container makes the network, the others wait
    // for it.
    const lock = `skiff-network-lock-${name}`;
    const deadline = Date.now() + NETWORK_LOCK_WAIT_MS;
    for (;;) {
      if (await this.#takeLock(lock)) {
        try {
          return (await this.#network(name)) ?? (await this.#createNetwork(name, labels));
        } finally {
          await this.docker.getContainer(lock).remove({ force: true }).catch(() => undefined);
        }
      }
      await new Promise((r) => setTimeout(r, 100));
      const theirs = await this.#network(name);
      if (theirs) return theirs;
      // A holder that died keeps the lock: take it over once it is clearly stale.
      const held = await this.docker.getContainer(lock).inspect().catch(() => undefined);
      if (held && Date.now() - Date.parse(held.Created) > NETWORK_LOCK_WAIT_MS) await this.docker.getContainer(lock).remove({ force: true }).catch(() => undefined);
      if (Date.now() > deadline) throw new RuntimeError(`timed out after ${NETWORK_LOCK_WAIT_MS / 1000}s waiting for another agent to create network ${name} (lock container ${lock})`);
    }
  }

  /** True when this call created the lock container (never started; the sandbox image is local). */
  async #takeLock(lock: string): Promise<boolean> {
    try {
      await this.docker.createContainer({ name: lock, Image: SANDBOX_IMAGE, Labels: { 'io.skiff.lock': 'network' }, HostConfig: { NetworkMode: 'none' } });
      return true;
    } catch (e) {
      if (statusOf(e) === 409) return false;
      // No lock to be had (the image is missing): go on unlocked rather than not at all.
      return true;
    }
  }

  async #createNetwork(name: string, labels: Record<string, string>): Promise<PodNetwork> {
    // A fixed subnet is what lets a pod keep its address across container restarts without a
    // sandbox (Docker accepts IPAMConfig addresses only on networks created with a subnet).
    // Which subnet is free is Docker's knowledge (its address pools, the host's routes): ask
    // it with a throwaway network, then make the real one with that subnet, Docker's own
    // assignments confined to the lower half and the upper half left to the agents.
    const layout = await this.#freeSubnet(name).catch(() => undefined);
    const ipam = layout ? { Config: [{ Subnet: formatCidr(layout.subnet), IPRange: formatCidr(layout.dynamic), ...(layout.gateway ? { Gateway: layout.gateway } : {}) }] } : undefined;
    await call(() =>
      this.docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        Labels: { ...labels, ...(layout ? { [LABEL_STATIC_RANGE]: formatCidr(layout.static) } : {}) },
        CheckDuplicate: true,
        ...(ipam ? { IPAM: ipam } : {}),
      }),
    );
    const made = await this.#network(name);
    if (!made) throw new RuntimeError(`network ${name} vanished right after it was created`);
    return made;
  }

  /** The network of that name (the lowest id if an older Skiff left two). */
  async #network(name: string): Promise<PodNetwork | undefined> {
    const found = (await call(() => this.docker.listNetworks({ filters: { name: [name] } }))).filter((x) => x.Name === name);
    const n = found.sort((x, y) => (x.Id < y.Id ? -1 : x.Id > y.Id ? 1 : 0))[0];
    return n ? toPodNetwork(n) : undefined;
  }

  async #freeSubnet(name: string): Promise<{ subnet: Cidr; dynamic: Cidr; static: Cidr; gateway?: string } | undefined> {
    const probe = await call(() => this.docker.createNetwork({ Name: `${name}-probe-${process.pid}-${Date.now()}`, Driver: 'bridge', Labels: { 'io.skiff.probe': 'true' } }));
    try {
      const info = (await call(() => probe.inspect())) as { IPAM?: { Config?: Array<{ Subnet?: string; Gateway?: string }> } };
      const cfg = info.IPAM?.Config?.find((c) => c.Subnet && !c.Subnet.includes(':'));
      if (!cfg?.Subnet) return undefined;
      const subnet = parseCidr(cfg.Subnet);
      if (subnet.prefix > 26) return undefined; // too small to share: every pod gets a sandbox
      const [dynamic, fixed] = splitCidr(subnet);
      return { subnet, dynamic, static: fixed, ...(cfg.Gateway ? { gateway: cfg.Gateway } : {}) };
    } finally {
      await probe.remove().catch(() => undefined);
    }
  }

  async labelValues(label: string): Promise<string[]> {
    const list = await call(() => this.docker.listContainers({ all: true, filters: { label: [label] } }));
    return list.map((c) => c.Labels?.[label]).filter((v): v is string => !!v);
  }

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    try {
      const i = await this.docker.getImage(ref).inspect();
      return { id: i.Id, repoTags: i.RepoTags ?? [], repoDigests: i.RepoDigests ?? [], sizeBytes: i.Size, entrypoint: argvOf(i.Config?.Entrypoint), cmd: argvOf(i.Config?.Cmd) };
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw toRuntimeError(e);
    }
  }

  async pullImage(ref: string, signal?: AbortSignal): Promise<void> {
    const stream = (await call(() => this.docker.pull(ref, signal ? { abortSignal: signal } : {}))) as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(stream, (err: Error | null, output: Array<{ error?: string }>) => {
        const failed = err?.message ?? output?.find((o) => o.error)?.error;
        if (failed) reject(new RuntimeError(failed));
        else resolve();
      });
    });
  }

  async buildImage(tag: string, files: Record<string, { content: Buffer | string; mode?: number }>, labels: Record<string, string>): Promise<void> {
    const tar = tarArchive(Object.entries(files).map(([name, f]) => ({ name, content: Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content), mode: f.mode ?? 0o644 })));
    const stream = await call(() => this.docker.buildImage(Readable.from([tar]) as unknown as NodeJS.ReadableStream, { t: tag, labels, rm: true, forcerm: true }));
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(stream, (err: Error | null, output: Array<{ error?: string }>) => {
        const failed = err?.message ?? output?.find((o) => o.error)?.error;
        if (failed) reject(new RuntimeError(`building ${tag}: ${failed}`));
        else resolve();
      });
    });
  }

  async createContainer(s: ContainerSpec): Promise<string> {
    const exposed: Record<string, object> = {};
    const bindings: Record<string, Array<{ HostPort: string; HostIp?: string }>> = {};
    for (const p of s.ports ?? []) {
      const key = `${p.containerPort}/${p.protocol}`;
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostPort: String(p.hostPort), ...(p.hostIp ? { HostIp: p.hostIp } : {}) });
    }
    const dev = s.devices ?? {};
    const opts: Docker.ContainerCreateOptions = {
      name: s.name,
      Image: s.image,
      Labels: s.labels,
      Env: s.env,
      Tty: s.tty ?? false,
      OpenStdin: s.openStdin ?? false,
      ExposedPorts: exposed,
      HostConfig: {
        NetworkMode: s.networkMode,
        Binds: [...(s.binds ?? []), ...(dev.Binds ?? [])],
        PortBindings: bindings,
        ...(s.nanoCpus ? { NanoCpus: s.nanoCpus } : {}),
        ...(s.cpuShares ? { CpuShares: s.cpuShares } : {}),
        ...(s.memoryBytes ? { Memory: s.memoryBytes } : {}),
        ...(s.privileged ? { Privileged: true } : {}),
        ...(dev.DeviceRequests ? { DeviceRequests: dev.DeviceRequests as Docker.DeviceRequest[] } : {}),
        ...(dev.Devices ? { Devices: dev.Devices as Docker.DeviceMapping[] } : {}),
        ...(s.dns ? { Dns: s.dns.servers, DnsSearch: s.dns.searches, DnsOptions: s.dns.options } : {}),
        ...(s.extraHosts?.length ? { ExtraHosts: s.extraHosts } : {}),
      },
    };
    if (s.entrypoint) opts.Entrypoint = s.entrypoint;
    if (s.cmd) opts.Cmd = s.cmd;
    if (s.workingDir) opts.WorkingDir = s.workingDir;
    if (s.hostname) opts.Hostname = s.hostname;
    if (s.user) opts.User = s.user;
    if (s.stopSignal) opts.StopSignal = s.stopSignal;
    if (s.ipv4Address) opts.NetworkingConfig = { EndpointsConfig: { [s.networkMode]: { IPAMConfig: { IPv4Address: s.ipv4Address } } } };
    const c = await call(() => this.docker.createContainer(opts));
    return c.id;
  }

  async startContainer(id: string): Promise<void> {
    await call(() => this.docker.getContainer(id).start());
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: Math.max(0, Math.ceil(timeoutSeconds)) });
    } catch (e) {
      if (statusOf(e) === 304) return; // already stopped
      throw toRuntimeError(e);
    }
  }

  async killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    try {
      await this.docker.getContainer(id).kill({ signal });
    } catch (e) {
      if (statusOf(e) === 409) return; // not running
      throw toRuntimeError(e);
    }
  }

  async removeContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (e) {
      if (statusOf(e) === 404) return;
      throw toRuntimeError(e);
    }
  }

  async inspectContainer(id: string): Promise<ContainerInfo | undefined> {
    try {
      return fromInspect(await this.docker.getContainer(id).inspect());
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw toRuntimeError(e);
    }
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerInfo[]> {
    const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
    const list = await call(() => this.docker.listContainers({ all: true, filters }));
    const out = await Promise.all(list.map((c) => this.inspectContainer(c.Id)));
    return out.filter((c): c is ContainerInfo => c !== undefined);
  }

  async logs(id: string, opts: { tail?: number } = {}): Promise<string> {
    const buf = (await call(() =>
      this.docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false, ...(opts.tail !== undefined ? { tail: opts.tail } : {}) }),
    )) as unknown as Buffer;
    return demux(Buffer.from(buf)).toString('utf8');
  }

  async exec(id: string, cmd: string[], timeoutMs: number): Promise<ExecResult> {
    const ex = await call(() => this.docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true }));
    const stream = await call(() => ex.start({ hijack: true, stdin: false }));
    const chunks: Buffer[] = [];
    const done = new Promise<void>((resolve) => {
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', resolve);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = await Promise.race([done.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs)))]);
    clearTimeout(timer);
    if (timedOut) {
      stream.destroy();
      return { exitCode: -1, output: `command timed out after ${timeoutMs / 1000}s` };
    }
    const info = await call(() => ex.inspect());
    return { exitCode: info.ExitCode ?? -1, output: demux(Buffer.concat(chunks)).toString('utf8') };
  }

  async containerStats(labels: Record<string, string>): Promise<ContainerStats[]> {
    const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`), status: ['running'] };
    const list = await call(() => this.docker.listContainers({ filters }));
    const out: ContainerStats[] = [];
    // A few at a time: one engine round trip each, and a busy node has hundreds of containers.
    for (let i = 0; i < list.length; i += STATS_CONCURRENCY) {
      const batch = await Promise.all(list.slice(i, i + STATS_CONCURRENCY).map(async (c) => {
        // one-shot: the engine answers at once instead of waiting a second to fill precpu_stats.
        const s = await this.docker.getContainer(c.Id).stats({ stream: false, 'one-shot': true }).catch(() => undefined);
        return s ? fromStats(c.Id, c.Labels ?? {}, s) : undefined;
      }));
      for (const s of batch) if (s) out.push(s);
    }
    return out;
  }
}

const STATS_CONCURRENCY = 8;
/** The engine's ENTRYPOINT/CMD: a list, or (in old images) a string, run through `/bin/sh -c`. */
const argvOf = (v: string | string[] | null | undefined): string[] | undefined => (typeof v === 'string' ? ['/bin/sh', '-c', v] : (v ?? undefined));
/** How long an agent waits for another to create the pod network; also when a lock counts as stale. */
const NETWORK_LOCK_WAIT_MS = 30_000;

/** The network as the agent needs it; the range label is trusted only while it lies inside the subnet. */
function toPodNetwork(n: Docker.NetworkInspectInfo): PodNetwork {
  const range = n.Labels?.[LABEL_STATIC_RANGE];
  const subnet = n.IPAM?.Config?.find((c) => c.Subnet && !c.Subnet.includes(':'))?.Subnet;
  let staticRange: string | undefined;
  try {
    if (range && subnet) {
      const r = parseCidr(range);
      const sn = parseCidr(subnet);
      if (r.base >= sn.base && r.base + r.size <= sn.base + sn.size) staticRange = range;
    }
  } catch {
    staticRange = undefined;
  }
  const cfg = n.IPAM?.Config?.find((c) => c.Subnet === subnet);
  const bridge = staticRange && n.Driver === 'bridge' && cfg?.Gateway
    ? { name: n.Options?.['com.docker.network.bridge.name'] || `br-${n.Id.slice(0, 12)}`, gateway: cfg.Gateway, prefixLength: parseCidr(subnet!).prefix }
    : undefined;
  return { id: n.Id, staticRange, bridge };
}

/**
 * Working set as cAdvisor computes it: usage minus inactive file pages (cgroup v2 names it
 * inactive_file, v1 total_inactive_file), never below zero. A container that stopped between
 * the list and the stats call answers without counters: it is left out.
 */
function fromStats(id: string, labels: Record<string, string>, s: Docker.ContainerStats): ContainerStats | undefined {
  const cpu = s.cpu_stats?.cpu_usage?.total_usage;
  const mem = s.memory_stats;
  if (typeof cpu !== 'number' || typeof mem?.usage !== 'number') return undefined;
  const inactive = mem.stats?.inactive_file ?? mem.stats?.total_inactive_file ?? 0;
  const readAt = Date.parse(s.read);
  return { id, labels, cpuUsageNanoSeconds: cpu, memoryWorkingSetBytes: Math.max(0, mem.usage - inactive), readAt: Number.isNaN(readAt) ? Date.now() : readAt };
}

function fromInspect(i: Docker.ContainerInspectInfo): ContainerInfo {
  const st = i.State;
  // A container whose start failed stays "created" with State.Error set: it ran and failed, for our purposes.
  const state = st.Running ? 'running' : st.Status === 'created' ? (st.Error ? 'exited' : 'created') : st.Status === 'exited' || st.Status === 'dead' ? 'exited' : 'unknown';
  const nets = Object.values(i.NetworkSettings?.Networks ?? {});
  const ip = nets.map((n) => n.IPAddress).find(Boolean);
  const zero = (t: string | undefined): string | undefined => (t && !t.startsWith('0001-01-01') ? t : undefined);
  return {
    id: i.Id,
    name: i.Name.replace(/^\//, ''),
    image: i.Config.Image,
    imageId: i.Image,
    labels: i.Config.Labels ?? {},
    state,
    exitCode: st.ExitCode,
    oomKilled: st.OOMKilled,
    error: st.Error || undefined,
    createdAt: i.Created,
    startedAt: zero(st.StartedAt),
    finishedAt: zero(st.FinishedAt),
    ip: ip || undefined,
    pid: st.Pid || undefined,
  };
}

/** Docker multiplexes stdout/stderr without a TTY: 8-byte frame headers. Plain text passes through. */
export function demux(buf: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const type = buf[i]!;
    if (type > 2 || buf[i + 1] !== 0 || buf[i + 2] !== 0 || buf[i + 3] !== 0) return buf; // not multiplexed
    const len = buf.readUInt32BE(i + 4);
    out.push(buf.subarray(i + 8, i + 8 + len));
    i += 8 + len;
  }
  return i === 0 && buf.length ? buf : Buffer.concat(out);
}

function statusOf(e: unknown): number {
  return typeof e === 'object' && e !== null && typeof (e as { statusCode?: unknown }).statusCode === 'number' ? (e as { statusCode: number }).statusCode : 0;
}

function toRuntimeError(e: unknown): RuntimeError {
  if (e instanceof RuntimeError) return e;
  const json = (e as { json?: { message?: string } } | null)?.json;
  // dockerode prefixes "(HTTP code 500) server error - "; users should read the engine's words only.
  const msg = json?.message ?? (e instanceof Error ? e.message : String(e)).replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
  return new RuntimeError(msg, statusOf(e), { cause: e });
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toRuntimeError(e);
  }
}
