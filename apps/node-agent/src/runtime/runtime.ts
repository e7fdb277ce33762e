/**
 * The container runtime as the agent needs it, and nothing more: Docker (docker.ts) in
 * production, an in-memory fake (fake.ts) in tests. Containers are found again by their
 * labels (labels.ts), never by remembering ids, so an agent restart loses nothing.
 * Failures are thrown as RuntimeError with the engine's message (shown to users in
 * pod status and events as is).
 */

export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface PortBinding {
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
  hostPort: number;
  hostIp?: string | undefined;
}

/** Device passthrough pieces (from the GPU module's gpuContainerConfig), passed to Docker as is. */
export interface DeviceConfig {
  DeviceRequests?: unknown[] | undefined;
  Devices?: unknown[] | undefined;
  Binds?: string[] | undefined;
}

export interface ContainerSpec {
  name: string;
  image: string;
  labels: Record<string, string>;
  /** Replaces the image ENTRYPOINT (k8s `command`). */
  entrypoint?: string[] | undefined;
  /** Replaces the image CMD (k8s `args`). */
  cmd?: string[] | undefined;
  env: string[];
  workingDir?: string | undefined;
  /** A network name, `container:<id>` to join a sandbox, or `none`. */
  networkMode: string;
  /** A fixed address on the `networkMode` network (a pod without a sandbox keeps its IP across restarts). */
  ipv4Address?: string | undefined;
  hostname?: string | undefined;
  /** `/etc/hosts` lines Docker adds, as `name:address` (a pod wired by the agent names itself). */
  extraHosts?: string[] | undefined;
  ports?: PortBinding[] | undefined;
  /** `host:container[:ro]`. */
  binds?: string[] | undefined;
  nanoCpus?: number | undefined;
  cpuShares?: number | undefined;
  memoryBytes?: number | undefined;
  user?: string | undefined;
  privileged?: boolean | undefined;
  tty?: boolean | undefined;
  openStdin?: boolean | undefined;
  stopSignal?: string | undefined;
  devices?: DeviceConfig | undefined;
  /** Resolver settings (sandboxes only: containers joining its network share its resolv.conf). */
  dns?: DnsConfig | undefined;
}

/** HostConfig.Dns/DnsSearch/DnsOptions: the servers Docker's embedded DNS forwards to, in order. */
export interface DnsConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  /** `sha256:…` of the image the container was created from. */
  imageId: string;
  labels: Record<string, string>;
  state: ContainerState;
  exitCode: number;
  oomKilled: boolean;
  /** Engine error text for a container that could not run (e.g. exec format error). */
  error?: string | undefined;
  createdAt: string;
  startedAt?: string | undefined;
  finishedAt?: string | undefined;
  /** Address on the named network (sandboxes only). */
  ip?: string | undefined;
  /** The first process, in the engine's PID namespace (0 when not running). */
  pid?: number | undefined;
}

export interface PodNetwork {
  id: string;
  /**
   * The part of the network's subnet the agent hands out itself (fixed pod addresses), kept
   * apart from the range Docker assigns from; undefined on a network made without one (an
   * older Skiff's, or one the user made), where every pod gets a sandbox.
   */
  staticRange?: string | undefined;
  /** The Linux bridge behind the network, for pods the agent wires itself (netwire/veth.ts). */
  bridge?: PodBridge | undefined;
}

export interface PodBridge {
  /** Interface name on the host (`br-<id>`, or the network's bridge.name option). */
  name: string;
  gateway: string;
  prefixLength: number;
}

export interface ImageInfo {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  sizeBytes: number;
  /** Config.Entrypoint and Config.Cmd. */
  entrypoint?: string[] | undefined;
  cmd?: string[] | undefined;
}

export interface ExecResult {
  exitCode: number;
  output: string;
}

export interface RuntimeVersion {
  name: string;
  version: string;
  apiVersion: string;
}

/** Cumulative counters of one running container, read at `readAt` (stats/ turns two into rates). */
export interface ContainerStats {
  id: string;
  labels: Record<string, string>;
  /** Total CPU time since the container started, all cores (cgroup cpu usage). */
  cpuUsageNanoSeconds: number;
  /** Memory usage minus inactive file pages: what cAdvisor and the kubelet call the working set. */
  memoryWorkingSetBytes: number;
  /** When the engine read the counters (ms since the epoch). */
  readAt: number;
}

export interface ContainerRuntime {
  version(): Promise<RuntimeVersion>;
  /** The engine's GET /info (passthrough mode selection). */
  info(): Promise<Record<string, unknown>>;
  /** Create the bridge network if missing. */
  ensureNetwork(name: string, labels: Record<string, string>): Promise<PodNetwork>;
  /** Values of `label` on every container of the engine (any state, any node): who holds which pod address. */
  labelValues(label: string): Promise<string[]>;
  inspectImage(ref: string): Promise<ImageInfo | undefined>;
  pullImage(ref: string, signal?: AbortSignal): Promise<void>;
  /** Build an image from files (name → content, mode) and a Dockerfile among them; no registry involved. */
  buildImage(tag: string, files: Record<string, { content: Buffer | string; mode?: number }>, labels: Record<string, string>): Promise<void>;
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Signal `stopSignal`/SIGTERM, wait up to `timeoutSeconds`, then SIGKILL. Resolves when stopped. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  killContainer(id: string, signal?: string): Promise<void>;
  removeContainer(id: string): Promise<void>;
  inspectContainer(id: string): Promise<ContainerInfo | undefined>;
  /** Every container (running or not) carrying all these labels. */
  listContainers(labels: Record<string, string>): Promise<ContainerInfo[]>;
  logs(id: string, opts?: { tail?: number }): Promise<string>;
  exec(id: string, cmd: string[], timeoutMs: number): Promise<ExecResult>;
  /** Counters of every RUNNING container carrying all these labels (resource metrics, stats/). */
  containerStats(labels: Record<string, string>): Promise<ContainerStats[]>;
}

export class RuntimeError extends Error {
  /** HTTP status from the engine (404 not found, 409 conflict…), 0 when unknown. */
  readonly code: number;
  constructor(message: string, code = 0, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuntimeError';
    this.code = code;
  }
}

export const isRuntimeNotFound = (e: unknown): boolean => e instanceof RuntimeError && e.code === 404;
