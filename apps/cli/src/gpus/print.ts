/**
 * How `skiff gpus` prints its rows: kubectl's column alignment, `-o wide` adding the UUID
 * and the health reason, and -o json|yaml as a plain list of the same facts for scripts.
 */
import { printJson } from '../printers/json.ts';
import { alignRows } from '../printers/tabwriter.ts';
import { printYaml } from '../printers/yaml.ts';
import { holderText } from './holders.ts';
import type { GpuRow } from './rows.ts';

export function gpuTable(rows: GpuRow[], wide: boolean): string {
  const head = ['NODE', 'GPU', 'INDEX', 'MODEL', 'MEMORY', 'HEALTH', 'SIMULATED', ...(wide ? ['UUID', 'REASON'] : []), 'HOLDER'];
  const body = rows.map((r) => [
    r.node,
    r.device,
    r.index === undefined ? '-' : String(r.index),
    r.model,
    r.memory,
    r.health,
    r.simulated ? 'yes' : 'no',
    ...(wide ? [r.uuid, r.reason ?? '-'] : []),
    r.holders.length ? r.holders.map(holderText).join(', ') : '-',
  ]);
  return alignRows([head, ...body]);
}

/** The same facts as the table, one object per GPU, holders structured. */
export function gpuList(rows: GpuRow[]): unknown {
  return { kind: 'GpuList', items: rows.map((r) => ({ ...r, index: r.index ?? null, reason: r.reason ?? null })) };
}

export function printGpus(rows: GpuRow[], output: string | undefined): string {
  if (output === 'json') return printJson(gpuList(rows), { sorted: false });
  if (output === 'yaml') return printYaml(gpuList(rows));
  return gpuTable(rows, output === 'wide');
}
