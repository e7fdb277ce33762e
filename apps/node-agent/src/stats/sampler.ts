/**
 * The agent's resource sampler (the kubelet's resource metrics, computed here): every
 * interval (default 10 s) it reads the node's cumulative counters (host.ts), every running
 * pod container's counters through the runtime, and GPU use (gpu-usage.ts); rates come from
 * the previous reading of the same counter (rates.ts). `latest()` is what the kubelet port's
 * GET /stats/resource serves.
 *
 * Each part fails alone: an unreadable /proc leaves `node` out, an engine error leaves the
 * pods out, and nvidia-smi runs beside the tick rather than in it, so a hanging driver (15 s
 * deadline) never delays CPU and memory. Ticks never overlap: the next is scheduled when one ends.
 */
import type { Logger } from '@skiff/logging';
import { LABEL_CONTAINER_NAME, LABEL_NODE, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID, LABEL_ROLE } from '../runtime/labels.ts';
import type { ContainerRuntime, ContainerStats } from '../runtime/runtime.ts';
import type { GpuUsageSource } from './gpu-usage.ts';
import { procHostCounters, type HostCounters } from './host.ts';
import { cpuNanoCores, windowSeconds, type CounterPoint } from './rates.ts';
import type { ContainerUse, GpuStats, NodeUse, PodUse, ResourceStats } from './types.ts';

export const DEFAULT_STATS_INTERVAL_MS = 10_000;

export interface SamplerOptions {
  nodeName: string;
  runtime: Pick<ContainerRuntime, 'containerStats'>;
  host?: HostCounters | undefined;
  gpus?: GpuUsageSource | undefined;
  intervalMs?: number | undefined;
  log?: Logger | undefined;
}

const NO_GPUS: GpuStats = { source: 'none', devices: [] };
const iso = (ms: number): string => new Date(ms).toISOString();

export class ResourceSampler {
  readonly #o: SamplerOptions;
  readonly #host: HostCounters;
  #hostPrev: CounterPoint | undefined;
  /** Previous CPU reading per container id; containers gone since are dropped. */
  #containerPrev = new Map<string, CounterPoint>();
  #node: NodeUse | undefined;
  #pods: PodUse[] = [];
  #gpus: GpuStats;
  #gpuReading: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = true;
  #warned = new Set<string>();

  constructor(o: SamplerOptions) {
    this.#o = o;
    this.#host = o.host ?? procHostCounters();
    this.#gpus = o.gpus ? { source: 'nvidia-smi', devices: [] } : NO_GPUS;
  }

  start(): void {
    this.#stopped = false;
    const loop = (): void => {
      void this.#tick(false).finally(() => {
        if (!this.#stopped) this.#timer = setTimeout(loop, this.#o.intervalMs ?? DEFAULT_STATS_INTERVAL_MS).unref();
      });
    };
    loop();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** One reading now, GPUs included and awaited (tests; the timer's ticks do not wait for nvidia-smi). */
  sampleNow(): Promise<void> {
    return this.#tick(true);
  }

  latest(): ResourceStats {
    const gpus = this.#gpus;
    // Joined here, not at the tick: the GPU reading may land between two ticks.
    const held = (pod: PodUse, c: ContainerUse): string[] =>
      gpus.devices.filter((d) => d.holders.some((h) => h.namespace === pod.namespace && h.pod === pod.name && h.container === c.name)).map((d) => d.uuid);
    const pods = this.#pods.map((p) => ({ ...p, containers: p.containers.map((c) => ({ ...c, gpus: held(p, c) })) }));
    return { nodeName: this.#o.nodeName, ...(this.#node ? { node: this.#node } : {}), pods, gpus };
  }

  async #tick(waitForGpus: boolean): Promise<void> {
    const gpu = this.#readGpus();
    await Promise.all([this.#sampleHost(), this.#sampleContainers()]);
    if (waitForGpus) await gpu;
  }

  #readGpus(): Promise<void> {
    const source = this.#o.gpus;
    if (!source) return Promise.resolve();
    this.#gpuReading ??= source
      .read()
      .then((g) => void (this.#gpus = g), (e: unknown) => void (this.#gpus = { source: 'nvidia-smi', problem: { reason: 'NvidiaSmiFailed', message: String(e) }, devices: [] }))
      .finally(() => (this.#gpuReading = undefined));
    return this.#gpuReading;
  }

  async #sampleHost(): Promise<void> {
    try {
      const r = await this.#host.read();
      const next = { value: r.cpuUsageNanoSeconds, at: r.readAt };
      const cpu = cpuNanoCores(this.#hostPrev, next);
      if (cpu !== undefined) this.#node = { timestamp: iso(next.at), windowSeconds: windowSeconds(this.#hostPrev!, next), cpuUsageNanoCores: cpu, memoryWorkingSetBytes: r.memoryWorkingSetBytes };
      this.#hostPrev = next;
    } catch (e) {
      this.#node = undefined;
      this.#warnOnce('host', e);
    }
  }

  async #sampleContainers(): Promise<void> {
    let all: ContainerStats[];
    try {
      all = await this.#o.runtime.containerStats({ [LABEL_NODE]: this.#o.nodeName, [LABEL_ROLE]: 'container' });
    } catch (e) {
      this.#pods = [];
      this.#warnOnce('runtime', e);
      return;
    }
    const prev = this.#containerPrev;
    this.#containerPrev = new Map();
    const byPod = new Map<string, { pod: PodUse; complete: boolean; newest: number }>();
    for (const c of all) {
      const uid = c.labels[LABEL_POD_UID];
      if (!uid) continue;
      const next = { value: c.cpuUsageNanoSeconds, at: c.readAt };
      this.#containerPrev.set(c.id, next);
      const before = prev.get(c.id);
      const cpu = cpuNanoCores(before, next);
      let entry = byPod.get(uid);
      if (!entry) {
        const pod = { namespace: c.labels[LABEL_POD_NAMESPACE] ?? '', name: c.labels[LABEL_POD_NAME] ?? '', uid, timestamp: '', windowSeconds: 0, containers: [] };
        byPod.set(uid, (entry = { pod, complete: true, newest: 0 }));
      }
      if (cpu === undefined) {
        entry.complete = false; // a pod's sum with a container missing would understate it
        continue;
      }
      const use: ContainerUse = { name: c.labels[LABEL_CONTAINER_NAME] ?? '', cpuUsageNanoCores: cpu, memoryWorkingSetBytes: c.memoryWorkingSetBytes, gpus: [] };
      entry.pod.containers.push(use);
      if (next.at > entry.newest) {
        entry.newest = next.at;
        entry.pod.timestamp = iso(next.at);
        entry.pod.windowSeconds = windowSeconds(before!, next);
      }
    }
    this.#pods = [...byPod.values()].filter((e) => e.complete).map((e) => e.pod);
  }

  #warnOnce(what: string, e: unknown): void {
    if (this.#warned.has(what)) return;
    this.#warned.add(what);
    this.#o.log?.warn({ err: e }, `resource stats: cannot read the ${what} counters (left out until they can be read)`);
  }
}
