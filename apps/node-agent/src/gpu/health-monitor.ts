/**
 * Keeps the agent's GPU inventory true after start-up. Discovery runs once at start; a GPU
 * can fall off the bus, hit an uncorrectable ECC error or get a pending recovery action at
 * any time after. Every interval this rediscovers, reads new XIDs from the kernel log, and
 * updates the inventory IN PLACE (the ResourceSlice publisher, the Node conditions and the
 * passthrough code hold the same object), returning what changed so the caller can tell
 * people (node events). A GPU is never dropped silently: it stays listed, unhealthy, with
 * its reason, and the slice stops offering it.
 */
import { discoverGpus } from './discover.ts';
import { problem } from './problems.ts';
import type { GpuDevice, GpuInventory, ToolRunner } from './types.ts';
import { isCriticalXid, parseXids, type XidEvent } from './xid.ts';

export type GpuHealthChangeKind = 'lost' | 'unhealthy' | 'recovered' | 'appeared';

export interface GpuHealthChange {
  kind: GpuHealthChangeKind;
  uuid: string;
  name: string;
  /** The GpuProblem reason, for lost/unhealthy. */
  reason?: string;
  message: string;
}

const label = (d: GpuDevice): string => `${d.name} ${d.uuid} (index ${d.index}, ${d.pciBusId})`;

/** What differs between two inventories, device by device (matched by UUID). */
export function diffInventories(prev: GpuInventory, next: GpuInventory): GpuHealthChange[] {
  const out: GpuHealthChange[] = [];
  const after = new Map(next.devices.map((d) => [d.uuid, d]));
  const why = (d: GpuDevice): string => next.problems.find((p) => p.device === d.uuid || p.device === d.pciBusId)?.message ?? next.problems.find((p) => p.reason === d.problem)?.message ?? d.problem ?? 'unhealthy';
  for (const d of prev.devices) {
    const n = after.get(d.uuid);
    if (!n) {
      const cause = next.problems[0];
      out.push({ kind: 'lost', uuid: d.uuid, name: d.name, reason: cause?.reason ?? 'GpuLost', message: `GPU ${label(d)} is no longer reported by the driver${cause ? `: ${cause.message}` : ''}` });
    } else if (d.healthy && !n.healthy) {
      out.push({ kind: 'unhealthy', uuid: d.uuid, name: d.name, reason: n.problem ?? 'Unhealthy', message: `GPU ${label(n)} became unhealthy: ${why(n)}` });
    } else if (!d.healthy && n.healthy) {
      out.push({ kind: 'recovered', uuid: d.uuid, name: d.name, message: `GPU ${label(n)} is healthy again` });
    }
  }
  const before = new Set(prev.devices.map((d) => d.uuid));
  for (const n of next.devices) if (!before.has(n.uuid)) out.push({ kind: 'appeared', uuid: n.uuid, name: n.name, message: `GPU ${label(n)} appeared${n.healthy ? '' : `, unhealthy: ${why(n)}`}` });
  return out;
}

export interface GpuHealthMonitorOptions {
  runner: ToolRunner;
  /** The inventory the rest of the agent holds; replaced field by field on each refresh. */
  inventory: GpuInventory;
  intervalMs?: number;
  now?: () => number;
  discover?: (runner: ToolRunner) => Promise<GpuInventory>;
}

export class GpuHealthMonitor {
  readonly #o: GpuHealthMonitorOptions;
  readonly #interval: number;
  #last = 0;
  /** Kernel-log time of the newest XID already looked at; undefined until the first read. */
  #xidSeen: number | undefined;
  /** Critical XIDs by bus id: sticky until the agent restarts (a reset or reboot restarts it). */
  readonly #xidBad = new Map<string, XidEvent>();
  #running: Promise<GpuHealthChange[]> | undefined;

  constructor(o: GpuHealthMonitorOptions) {
    this.#o = o;
    this.#interval = o.intervalMs ?? 30_000;
    this.#last = (o.now ?? Date.now)();
  }

  /** Read the kernel log once at start so that only XIDs from now on count. */
  async baseline(): Promise<void> {
    await this.#readXids();
  }

  /** Refresh when an interval has passed since the last one (called on every heartbeat). */
  maybeRefresh(): Promise<GpuHealthChange[]> {
    if ((this.#o.now ?? Date.now)() - this.#last < this.#interval) return Promise.resolve([]);
    return this.refresh();
  }

  refresh(): Promise<GpuHealthChange[]> {
    // One at a time: a hanging nvidia-smi must not pile up behind the heartbeat.
    this.#running ??= this.#refresh().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #refresh(): Promise<GpuHealthChange[]> {
    this.#last = (this.#o.now ?? Date.now)();
    const next = await (this.#o.discover ?? discoverGpus)(this.#o.runner);
    await this.#readXids();
    for (const d of next.devices) {
      const x = this.#xidBad.get(d.pciBusId);
      if (!x || !d.healthy) continue;
      d.healthy = false;
      d.problem = 'GpuXidError';
      next.problems.push(problem('GpuXidError', `Xid ${x.xid} on ${d.uuid}: ${x.text} (kernel log). Not published until the GPU is reset or the node rebooted, and the agent restarted.`, d.uuid));
    }
    const changes = diffInventories(this.#o.inventory, next);
    const inv = this.#o.inventory as unknown as Record<string, unknown>;
    for (const k of Object.keys(inv)) if (!(k in next)) delete inv[k];
    Object.assign(inv, next);
    return changes;
  }

  async #readXids(): Promise<void> {
    // Needs root (kernel.dmesg_restrict); without it XIDs are simply not watched.
    const r = await this.#o.runner.run('dmesg', [], 5_000).catch(() => undefined);
    if (!r || r.code !== 0) return;
    const events = parseXids(r.stdout);
    const newest = events.reduce((m, e) => Math.max(m, e.at), this.#xidSeen ?? -1);
    // The first read (baseline()) only sets the mark: XIDs from before the agent started were
    // either fixed by the reset that followed them or show up in nvidia-smi's own answers.
    if (this.#xidSeen !== undefined) for (const e of events) if (e.at > this.#xidSeen && isCriticalXid(e.xid)) this.#xidBad.set(e.pciBusId, e);
    this.#xidSeen = newest;
  }
}
