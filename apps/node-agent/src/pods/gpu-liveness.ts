/**
 * Watches running GPU containers for a GPU they lost. The classic case: with the NVIDIA hook
 * path, a `systemctl daemon-reload` rewrites the container's device cgroup and every NVML call
 * inside starts failing with `Failed to initialize NVML: Unknown Error` while the process
 * keeps running, holding the GPU and doing nothing. The only reliable check is the one a user
 * would run: `nvidia-smi -L` inside the container, every interval. A failure the diagnosis table
 * knows (gpu/diagnose.ts) is a verdict; the pod's sync then records it (pod + node events) and
 * recreates the container, which gets fresh device access.
 *
 * A container without nvidia-smi (an image on the CDI/runtime path without the utility
 * capability) cannot be checked: it is left alone after one try, not declared lost.
 */
import type { Container } from '@skiff/api';
import { diagnoseNvmlError } from '../gpu/diagnose.ts';
import type { GpuProblem } from '../gpu/types.ts';
import type { ContainerRuntime } from '../runtime/runtime.ts';

export interface DeviceHealth {
  /** Start watching a running container (idempotent). */
  watch(container: Container, containerId: string, podKey: string): void;
  /** Why the container lost its device, once known. */
  lost(containerId: string): GpuProblem | undefined;
  /** Stop watching every container not in `running`. */
  retain(running: ReadonlySet<string>): void;
  forget(containerId: string): void;
  stopAll(): void;
}

export const GPU_CHECK_COMMAND = ['nvidia-smi', '-L'];
const NOT_FOUND = /executable file not found|no such file or directory|not found/i;

export function usesGpu(c: Container): boolean {
  return Number(c.resources?.limits?.['nvidia.com/gpu'] ?? 0) > 0 || (c.resources?.claims?.length ?? 0) > 0;
}

export type GpuCheck = { kind: 'ok' } | { kind: 'lost'; problem: GpuProblem } | { kind: 'unchecked'; why: string } | { kind: 'retry' };

/** One probe's answer, classified (pure: what the tests pin down). */
export function classifyGpuCheck(r: { exitCode: number; output: string } | Error): GpuCheck {
  if (r instanceof Error) return { kind: 'retry' }; // container gone or engine busy: next round
  if (r.exitCode === 0 && /^GPU \d+:/m.test(r.output)) return { kind: 'ok' };
  const problem = diagnoseNvmlError(r.output);
  if (problem) return { kind: 'lost', problem };
  if (r.exitCode === 127 || r.exitCode === 126 || NOT_FOUND.test(r.output)) return { kind: 'unchecked', why: 'no nvidia-smi in the container' };
  if (r.exitCode === -1) return { kind: 'retry' }; // timed out: a busy GPU is not a lost one
  if (r.exitCode === 0) return { kind: 'lost', problem: { reason: 'NoDevicesFound', message: `nvidia-smi -L in the container listed no GPU: ${r.output.trim().slice(0, 200)}` } };
  return { kind: 'retry' };
}

export interface GpuLivenessOptions {
  runtime: Pick<ContainerRuntime, 'exec'>;
  onLost: (podKey: string) => void;
  intervalMs?: number;
  timeoutMs?: number;
}

interface Watch {
  timer: ReturnType<typeof setTimeout> | undefined;
  stopped: boolean;
}

export class GpuLiveness implements DeviceHealth {
  readonly #o: GpuLivenessOptions;
  readonly #watches = new Map<string, Watch>();
  readonly #lost = new Map<string, GpuProblem>();

  constructor(o: GpuLivenessOptions) {
    this.#o = o;
  }

  watch(container: Container, id: string, podKey: string): void {
    if (!usesGpu(container) || this.#watches.has(id)) return;
    const w: Watch = { timer: undefined, stopped: false };
    this.#watches.set(id, w);
    const tick = async (): Promise<void> => {
      if (w.stopped) return;
      const verdict = await this.check(id);
      if (w.stopped) return;
      if (verdict.kind === 'lost') {
        this.#lost.set(id, verdict.problem);
        this.#o.onLost(podKey);
        return; // the sync recreates the container; its successor gets a new watch
      }
      if (verdict.kind === 'unchecked') return;
      w.timer = setTimeout(() => void tick(), this.#o.intervalMs ?? 30_000);
      w.timer.unref?.();
    };
    w.timer = setTimeout(() => void tick(), this.#o.intervalMs ?? 30_000);
    w.timer.unref?.();
  }

  /** Run the check once now (also what each tick does). */
  async check(id: string): Promise<GpuCheck> {
    const r = await this.#o.runtime.exec(id, GPU_CHECK_COMMAND, this.#o.timeoutMs ?? 10_000).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    return classifyGpuCheck(r);
  }

  lost(id: string): GpuProblem | undefined {
    return this.#lost.get(id);
  }

  retain(running: ReadonlySet<string>): void {
    for (const id of [...this.#watches.keys()]) if (!running.has(id)) this.forget(id);
  }

  forget(id: string): void {
    const w = this.#watches.get(id);
    if (w) {
      w.stopped = true;
      clearTimeout(w.timer);
    }
    this.#watches.delete(id);
    this.#lost.delete(id);
  }

  stopAll(): void {
    for (const id of [...this.#watches.keys()]) this.forget(id);
  }
}
