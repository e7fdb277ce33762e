/**
 * An in-memory ContainerRuntime for fast tests and e2e without Docker. Behaviour of a
 * "process" comes from its env, so a pod manifest alone scripts it:
 *   FAKE_EXIT=<code>      exits with that code as soon as it starts
 *   FAKE_IGNORE_TERM=1    ignores SIGTERM: stop waits the whole timeout, then exit 137
 *   FAKE_CPU_MILLICORES=<m>, FAKE_MEMORY_BYTES=<n>   what containerStats reports while it runs
 * Otherwise it runs until stopped (exit 143) or killed (137). Images must be added (or made
 * pullable) first; every call is recorded in `calls` for assertions.
 */
import { randomBytes } from 'node:crypto';
import { RuntimeError, type ContainerInfo, type ContainerRuntime, type ContainerSpec, type ContainerStats, type ExecResult, type ImageInfo, type PodNetwork, type RuntimeVersion } from './runtime.ts';

interface FakeContainer {
  info: ContainerInfo;
  spec: ContainerSpec;
  logs: string;
}

export interface FakeCall {
  op: string;
  id?: string | undefined;
  arg?: unknown;
}

export class FakeRuntime implements ContainerRuntime {
  readonly images = new Map<string, ImageInfo>();
  /** Refs a pull succeeds for (it then adds the image). */
  readonly pullable = new Set<string>();
  readonly containers = new Map<string, FakeContainer>();
  readonly calls: FakeCall[] = [];
  dockerInfo: Record<string, unknown> = { Runtimes: { runc: {} } };
  execHandler: (c: ContainerInfo, cmd: string[]) => ExecResult = () => ({ exitCode: 0, output: '' });
  /** The address new sandboxes get instead of 10.88.0.x: port-forward tests point pods at a local server. */
  sandboxIp: string | undefined;
  /**
   * The network's range for fixed pod addresses (what DockerRuntime.ensureNetwork reports).
   * Unset by default: pods get sandboxes, as on a network made without one.
   */
  staticRange: string | undefined;
  /** Fixed addresses held by running containers: a second start on one fails as Docker's does. */
  readonly #heldIps = new Map<string, string>();
  #nextIp = 2;
  /** Timestamps come from here (share the agent's FakeClock in back-off tests). */
  readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  addImage(ref: string): void {
    this.images.set(ref, { id: `sha256:${randomBytes(32).toString('hex')}`, repoTags: [ref], repoDigests: [], sizeBytes: 1_000_000 });
  }

  async version(): Promise<RuntimeVersion> {
    return { name: 'docker', version: '99.0.0-fake', apiVersion: '1.41' };
  }
  async info(): Promise<Record<string, unknown>> {
    return this.dockerInfo;
  }
  async ensureNetwork(name: string): Promise<PodNetwork> {
    this.calls.push({ op: 'ensureNetwork', arg: name });
    return { id: `net-${name}`, staticRange: this.staticRange };
  }
  async labelValues(label: string): Promise<string[]> {
    return [...this.containers.values()].map((c) => c.info.labels[label]).filter((v): v is string => !!v);
  }
  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    return this.images.get(ref);
  }
  async pullImage(ref: string): Promise<void> {
    this.calls.push({ op: 'pull', arg: ref });
    if (!this.pullable.has(ref)) throw new RuntimeError(`pull access denied for ${ref.split(':')[0]}, repository does not exist or may require 'docker login'`, 404);
    this.addImage(ref);
  }
  async buildImage(tag: string): Promise<void> {
    this.calls.push({ op: 'build', arg: tag });
    this.addImage(tag);
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    this.calls.push({ op: 'create', arg: spec.name });
    const image = this.images.get(spec.image);
    if (!image) throw new RuntimeError(`No such image: ${spec.image}`, 404);
    for (const c of this.containers.values()) if (c.info.name === spec.name) throw new RuntimeError(`Conflict. The container name "/${spec.name}" is already in use`, 409);
    const id = randomBytes(32).toString('hex');
    const info: ContainerInfo = { id, name: spec.name, image: spec.image, imageId: image.id, labels: { ...spec.labels }, state: 'created', exitCode: 0, oomKilled: false, createdAt: new Date(this.now()).toISOString() };
    if (spec.ipv4Address) info.ip = spec.ipv4Address;
    else if (!spec.networkMode.startsWith('container:') && spec.networkMode !== 'none') info.ip = this.sandboxIp ?? `10.88.0.${this.#nextIp++}`;
    this.containers.set(id, { info, spec, logs: '' });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    this.calls.push({ op: 'start', id });
    const c = this.#get(id);
    const fixed = c.spec.ipv4Address;
    if (fixed) {
      const holder = this.#heldIps.get(fixed);
      if (holder && holder !== id && this.containers.get(holder)?.info.state === 'running') throw new RuntimeError(`failed to create endpoint ${c.info.name} on network: Address already in use`, 500);
      this.#heldIps.set(fixed, id);
    }
    c.info.state = 'running';
    // A made-up process id, as Docker reports State.Pid for a running container.
    c.info.pid = 10_000 + this.calls.length;
    c.info.startedAt = new Date(this.now()).toISOString();
    c.info.finishedAt = undefined;
    const exit = this.#env(c, 'FAKE_EXIT');
    if (exit !== undefined) this.exit(id, Number(exit));
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    this.calls.push({ op: 'stop', id, arg: timeoutSeconds });
    const c = this.#get(id);
    if (c.info.state !== 'running') return;
    if (this.#env(c, 'FAKE_IGNORE_TERM') === '1') {
      await new Promise((r) => setTimeout(r, timeoutSeconds * 1000));
      this.exit(id, 137);
    } else this.exit(id, 143);
  }

  async killContainer(id: string): Promise<void> {
    this.calls.push({ op: 'kill', id });
    if (this.#get(id).info.state === 'running') this.exit(id, 137);
  }

  async removeContainer(id: string): Promise<void> {
    this.calls.push({ op: 'remove', id });
    this.containers.delete(id);
  }

  async inspectContainer(id: string): Promise<ContainerInfo | undefined> {
    const c = this.containers.get(id);
    return c ? structuredClone(c.info) : undefined;
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerInfo[]> {
    const match = (c: FakeContainer): boolean => Object.entries(labels).every(([k, v]) => c.info.labels[k] === v);
    return [...this.containers.values()].filter(match).map((c) => structuredClone(c.info));
  }

  async logs(id: string): Promise<string> {
    return this.#get(id).logs;
  }

  async exec(id: string, cmd: string[]): Promise<ExecResult> {
    const c = this.#get(id);
    if (c.info.state !== 'running') throw new RuntimeError(`Container ${id} is not running`, 409);
    return this.execHandler(structuredClone(c.info), cmd);
  }

  async containerStats(labels: Record<string, string>): Promise<ContainerStats[]> {
    const now = this.now();
    return [...this.containers.values()]
      .filter((c) => c.info.state === 'running' && Object.entries(labels).every(([k, v]) => c.info.labels[k] === v))
      .map((c) => {
        // m millicores for the time it has run: m × 10³ ns of CPU per ms of wall time.
        const ranMs = now - Date.parse(c.info.startedAt ?? new Date(now).toISOString());
        const cpu = Number(this.#env(c, 'FAKE_CPU_MILLICORES') ?? 0) * 1000 * ranMs;
        return { id: c.info.id, labels: { ...c.info.labels }, cpuUsageNanoSeconds: cpu, memoryWorkingSetBytes: Number(this.#env(c, 'FAKE_MEMORY_BYTES') ?? 0), readAt: now };
      });
  }

  // Test helpers.

  /** The process exits now with `code` (a crash, a completed job). */
  exit(id: string, code: number, opts: { oomKilled?: boolean } = {}): void {
    const c = this.#get(id);
    c.info.state = 'exited';
    c.info.exitCode = code;
    c.info.oomKilled = opts.oomKilled ?? false;
    c.info.finishedAt = new Date(this.now()).toISOString();
  }

  /** Containers of a pod (by uid), oldest first. */
  podContainers(uid: string): ContainerInfo[] {
    return [...this.containers.values()].filter((c) => c.info.labels['io.kubernetes.pod.uid'] === uid).map((c) => c.info);
  }

  #env(c: FakeContainer, name: string): string | undefined {
    const e = c.spec.env.find((x) => x.startsWith(`${name}=`));
    return e?.slice(name.length + 1);
  }

  #get(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new RuntimeError(`No such container: ${id}`, 404);
    return c;
  }
}
