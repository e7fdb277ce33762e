/**
 * Per-GPU use for resource metrics: one `nvidia-smi --query-gpu=index,uuid,name,
 * utilization.gpu,memory.used,memory.total --format=csv,noheader,nounits` per reading,
 * through the same ToolRunner and deadline as discovery, each GPU joined with the containers
 * that hold it (pods/gpu-devices.ts holders()). A MIG instance's holders are listed under
 * its parent: nvidia-smi reports use per physical GPU only.
 *
 * Failures are data: a missing, hanging or babbling nvidia-smi gives an empty device list
 * and a `problem` with discovery's reason, never an exception (CPU and memory go on).
 * Simulated GPUs (--simulate-gpus) are listed from the inventory with zero use and
 * `simulated: true`: nothing runs on them, and nothing is measured.
 */
import { CMD, SMI, USAGE_FIELDS } from '../gpu/commands.ts';
import { runWithDeadline } from '../gpu/discover.ts';
import { EXIT_NOT_FOUND, EXIT_TIMEOUT } from '../gpu/host-runner.ts';
import { parseQueryCsv } from '../gpu/smi-query.ts';
import type { GpuInventory, ToolRunner } from '../gpu/types.ts';
import type { GpuHolderRef, GpuStats, GpuUse } from './types.ts';

export interface GpuUsageSource {
  read(): Promise<GpuStats>;
}

export type Holders = () => Promise<Map<string, GpuHolderRef[]>>;

const MIB = 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;

export interface SmiUsageOptions {
  runner: ToolRunner;
  /** The agent's inventory (kept current by the health monitor): maps MIG instances to parents. */
  inventory: GpuInventory;
  holders: Holders;
  timeoutMs?: number;
  now?: () => number;
}

const num = (v: string | undefined): number | undefined => (v === undefined || !/^\d+(\.\d+)?$/.test(v) ? undefined : Number(v));

/** Rows of the usage CSV; throws on anything that is not that CSV (a row without a UUID included). */
export function parseUsageCsv(csv: string): Omit<GpuUse, 'holders' | 'simulated'>[] {
  return (parseQueryCsv(csv, USAGE_FIELDS) as Partial<Record<(typeof USAGE_FIELDS)[number], string>>[]).map((r) => {
    const index = num(r.index);
    if (!r.uuid?.startsWith('GPU-') || index === undefined) throw new Error(`not a GPU row: ${JSON.stringify(r)}`);
    const used = num(r['memory.used']);
    const total = num(r['memory.total']);
    return {
      uuid: r.uuid,
      index,
      name: r.name ?? 'NVIDIA GPU',
      utilizationPercent: num(r['utilization.gpu']),
      memoryUsedBytes: used === undefined ? undefined : used * MIB,
      memoryTotalBytes: total === undefined ? undefined : total * MIB,
    };
  });
}

/** Holders of `uuid` itself and of every MIG instance carved from it. */
function holdersOf(uuid: string, inv: GpuInventory, held: Map<string, GpuHolderRef[]>): GpuHolderRef[] {
  const children = inv.devices.filter((d) => d.parentUuid === uuid).map((d) => d.uuid);
  return [uuid, ...children].flatMap((u) => held.get(u) ?? []);
}

export function smiUsage(o: SmiUsageOptions): GpuUsageSource {
  return {
    async read() {
      const r = await runWithDeadline(o.runner, [...CMD.query(USAGE_FIELDS)], o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const failed = (reason: string, message: string): GpuStats => ({ source: 'nvidia-smi', problem: { reason, message }, devices: [] });
      const said = (r.stderr || r.stdout).trim().slice(0, 300);
      if (r.code === EXIT_NOT_FOUND) return failed('NvidiaSmiNotFound', `nvidia-smi is gone from this host: ${said}`);
      if (r.code === EXIT_TIMEOUT) return failed('NvidiaSmiTimeout', `nvidia-smi did not answer in time: ${said}`);
      if (r.code !== 0) return failed('NvidiaSmiFailed', `nvidia-smi exited with ${r.code}: ${said}`);
      let rows: ReturnType<typeof parseUsageCsv>;
      try {
        rows = parseUsageCsv(r.stdout);
      } catch (e) {
        return failed('NvidiaSmiOutputUnparseable', `nvidia-smi printed something other than the usage CSV: ${(e as Error).message}`);
      }
      const held = await o.holders();
      const readAt = new Date((o.now ?? Date.now)()).toISOString();
      const devices = rows.map((row) => ({ ...row, simulated: false, holders: holdersOf(row.uuid, o.inventory, held) }));
      return { source: 'nvidia-smi', readAt, devices: devices.sort((a, b) => a.index - b.index) };
    },
  };
}

export function simulatedUsage(inventory: GpuInventory, holders: Holders): GpuUsageSource {
  return {
    async read() {
      const held = await holders();
      const devices = inventory.devices.map((d) => ({
        uuid: d.uuid,
        index: d.index,
        name: d.name,
        utilizationPercent: 0,
        memoryUsedBytes: 0,
        memoryTotalBytes: d.memoryBytes,
        simulated: true,
        holders: held.get(d.uuid) ?? [],
      }));
      return { source: 'simulated', devices: devices.sort((a, b) => a.index - b.index) };
    },
  };
}
