/**
 * Liveness, readiness and startup probes (kubelet prober): one timer loop per container
 * and probe kind, keyed by container id so a restarted container starts over. Readiness
 * starts false, liveness true; liveness/readiness wait for the startup probe to succeed.
 * Result changes call `onChange(podKey)`; the pod's sync reads `ready/started/livenessFailed`.
 */
import { connect } from 'node:net';
import type { Container, Pod } from '@skiff/api';
import type { EventSink } from '../events/recorder.ts';
import type { ContainerRuntime } from '../runtime/runtime.ts';

type Kind = 'liveness' | 'readiness' | 'startup';
type Probe = NonNullable<Container['livenessProbe']>;

interface Worker {
  timer: ReturnType<typeof setTimeout> | undefined;
  stopped: boolean;
}

interface Result {
  ok: boolean;
  successes: number;
  failures: number;
}

export class ProbeManager {
  readonly #runtime: ContainerRuntime;
  readonly #events: EventSink;
  readonly #onChange: (podKey: string) => void;
  readonly #workers = new Map<string, Worker>();
  readonly #results = new Map<string, Result>();

  constructor(runtime: ContainerRuntime, events: EventSink, onChange: (podKey: string) => void) {
    this.#runtime = runtime;
    this.#events = events;
    this.#onChange = onChange;
  }

  ready(id: string, c: Container | undefined): boolean {
    if (!c?.readinessProbe) return this.started(id, c);
    return this.#results.get(`${id}/readiness`)?.ok ?? false;
  }

  started(id: string, c: Container | undefined): boolean {
    if (!c?.startupProbe) return true;
    return this.#results.get(`${id}/startup`)?.ok ?? false;
  }

  livenessFailed(id: string): boolean {
    const r = this.#results.get(`${id}/liveness`);
    return !!r && !r.ok;
  }

  /** Start probing a running container (no-op when already probing it). */
  ensure(pod: Pod, c: Container, id: string, startedAt: number, podIP: string | undefined): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    for (const kind of ['startup', 'liveness', 'readiness'] as const) {
      const probe = c[`${kind}Probe`];
      const wkey = `${id}/${kind}`;
      if (!probe || this.#workers.has(wkey)) continue;
      const w: Worker = { timer: undefined, stopped: false };
      this.#workers.set(wkey, w);
      const period = (probe.periodSeconds ?? 10) * 1000;
      const run = async (): Promise<void> => {
        if (w.stopped) return;
        if (kind !== 'startup' && !this.started(id, c)) return void (w.timer = setTimeout(run, period));
        const { ok, output } = await this.#probe(probe, c, id, podIP);
        if (w.stopped) return;
        this.#record(pod, c, kind, wkey, probe, ok, output, key);
        w.timer = setTimeout(run, period);
      };
      const delay = Math.max(0, startedAt + (probe.initialDelaySeconds ?? 0) * 1000 - Date.now());
      w.timer = setTimeout(run, delay);
    }
  }

  /** Stop probing containers that are gone or no longer running. */
  retain(runningIds: Set<string>, podContainerIds: Set<string>): void {
    for (const [wkey, w] of this.#workers) {
      const id = wkey.split('/')[0]!;
      if (podContainerIds.has(id) && !runningIds.has(id)) this.#stop(wkey, w);
    }
  }

  forget(ids: Iterable<string>): void {
    for (const id of ids) for (const kind of ['liveness', 'readiness', 'startup']) {
      const w = this.#workers.get(`${id}/${kind}`);
      if (w) this.#stop(`${id}/${kind}`, w);
    }
  }

  stopAll(): void {
    for (const [k, w] of this.#workers) this.#stop(k, w);
  }

  #stop(wkey: string, w: Worker): void {
    w.stopped = true;
    clearTimeout(w.timer);
    this.#workers.delete(wkey);
    this.#results.delete(wkey);
  }

  #record(pod: Pod, c: Container, kind: Kind, wkey: string, probe: Probe, ok: boolean, output: string, podKey: string): void {
    const r = this.#results.get(wkey) ?? { ok: kind === 'liveness', successes: 0, failures: 0 };
    const before = this.#results.has(wkey) ? r.ok : kind === 'liveness' ? true : undefined;
    if (ok) {
      r.successes++;
      r.failures = 0;
      if (r.successes >= (kind === 'readiness' ? (probe.successThreshold ?? 1) : 1)) r.ok = true;
    } else {
      r.failures++;
      r.successes = 0;
      const label = kind[0]!.toUpperCase() + kind.slice(1);
      this.#events.event(pod, 'Warning', 'Unhealthy', `${label} probe failed: ${output}`.trim());
      if (r.failures >= (probe.failureThreshold ?? 3)) r.ok = false;
    }
    this.#results.set(wkey, r);
    if (before !== r.ok) this.#onChange(podKey);
    void c;
  }

  async #probe(p: Probe, c: Container, id: string, podIP: string | undefined): Promise<{ ok: boolean; output: string }> {
    const timeoutMs = (p.timeoutSeconds ?? 1) * 1000;
    const port = (v: number | string): number => (typeof v === 'number' ? v : Number(c.ports?.find((x) => x.name === v)?.containerPort ?? v));
    try {
      if (p.exec) {
        const r = await this.#runtime.exec(id, p.exec.command ?? [], timeoutMs);
        return { ok: r.exitCode === 0, output: r.output };
      }
      if (p.httpGet) {
        const h = p.httpGet;
        const url = `${(h.scheme ?? 'HTTP').toLowerCase()}://${h.host ?? podIP}:${port(h.port)}${h.path ?? '/'}`;
        const headers = Object.fromEntries((h.httpHeaders ?? []).map((x) => [x.name, x.value]));
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
        await res.body?.cancel();
        return res.status >= 200 && res.status < 400 ? { ok: true, output: '' } : { ok: false, output: `HTTP probe failed with statuscode: ${res.status}` };
      }
      if (p.tcpSocket) {
        const host = p.tcpSocket.host ?? podIP ?? '';
        const portNo = port(p.tcpSocket.port);
        return await new Promise((resolve) => {
          const s = connect({ host, port: portNo, timeout: timeoutMs });
          s.once('connect', () => (s.destroy(), resolve({ ok: true, output: '' })));
          s.once('timeout', () => (s.destroy(), resolve({ ok: false, output: `dial tcp ${host}:${portNo}: i/o timeout` })));
          s.once('error', (e) => resolve({ ok: false, output: `dial tcp ${host}:${portNo}: ${e.message}` }));
        });
      }
      return { ok: true, output: '' };
    } catch (e) {
      return { ok: false, output: e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e) };
    }
  }
}
