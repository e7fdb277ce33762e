/**
 * `skiff top node|nodes|no [NAME | -l SEL]`, step by step as kubectl's RunTopNode: the metrics
 * (a get or a selected list), `metrics not available yet` when there are none, then the Node
 * (or the selected Nodes) for allocatable, then the table. `--gpus` prints one row per GPU
 * instead (gpu-table.ts).
 */
import type { Node } from '@skiff/api';
import type { CommandContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { fetchNodeMetrics } from './fetch.ts';
import { gpuTable } from './gpu-table.ts';
import { nodeTable, type SortBy } from './node-table.ts';
import { NODES } from './refs.ts';

export interface TopNodeFlags {
  selector?: string;
  headers: boolean;
  sortBy?: string;
  showCapacity?: boolean;
  gpus?: boolean;
}

export function checkSortBy(v: string | undefined): SortBy {
  if (v === undefined || v === '') return undefined;
  if (v !== 'cpu' && v !== 'memory') throw new CliError('error: --sort-by accepts only cpu or memory');
  return v;
}

export async function runTopNodes(ctx: CommandContext, names: string[], f: TopNodeFlags): Promise<void> {
  if (names.length > 1) throw new CliError("error: node [NAME | -l label]\nSee 'skiff top node -h' for help and examples");
  const sortBy = checkSortBy(f.sortBy);
  const name = names[0];
  if (name && f.selector) throw new CliError('error: only one of NAME or --selector can be provided');
  const client = ctx.connection().client;
  const metrics = await fetchNodeMetrics(client, name, f.selector);
  if (!metrics.length) throw new CliError('error: metrics not available yet');
  if (f.gpus) {
    const { table, warnings } = gpuTable(metrics, !f.headers);
    for (const w of warnings) ctx.err(`${w}\n`);
    if (!table) ctx.err('No GPUs found.\n');
    ctx.out(table);
    return;
  }
  const nodes = name ? [await client.get<Node>(NODES, name)] : (await client.list<Node>(NODES, { labelSelector: f.selector })).items;
  ctx.out(nodeTable(metrics, nodes, { noHeaders: !f.headers, sortBy, showCapacity: Boolean(f.showCapacity) }));
}
