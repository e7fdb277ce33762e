/**
 * `skiff gpus [-o wide|json|yaml] [--node N]`: every GPU in the cluster, one row each, with
 * who holds it — the view `kubectl describe node` never gives (gpus/*.ts).
 */
import type { Command } from 'commander';
import type { CommandContext, Register } from '../context.ts';
import { CliError } from '../errors.ts';
import { printGpus } from '../gpus/print.ts';
import { NODES } from '../gpus/refs.ts';
import { gpuRows } from '../gpus/rows.ts';
import { fetchGpuSnapshot } from '../gpus/snapshot.ts';

const OUTPUTS = ['wide', 'json', 'yaml'];

interface GpusFlags {
  output?: string;
  node?: string;
}

async function runGpus(ctx: CommandContext, flags: GpusFlags): Promise<void> {
  if (flags.output !== undefined && !OUTPUTS.includes(flags.output)) {
    throw new CliError(`error: unable to match a printer suitable for the output format "${flags.output}", allowed formats are: ${OUTPUTS.join(',')}`);
  }
  const client = ctx.connection().client;
  // A misspelt node is an error, as `kubectl get node x` would say, not an empty list.
  if (flags.node) await client.get(NODES, flags.node);
  const rows = gpuRows(await fetchGpuSnapshot(client), flags.node);
  if (!rows.length && flags.output !== 'json' && flags.output !== 'yaml') {
    ctx.err(flags.node ? `No GPUs found on node ${flags.node}.\n` : 'No GPUs found.\n');
    return;
  }
  ctx.out(printGpus(rows, flags.output));
}

export const registerGpus: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('gpus')
    .description('List every GPU in the cluster: node, model, memory, health and which pod or claim holds it')
    .option('-o, --output <format>', 'Output format: wide, json or yaml')
    .option('--node <name>', 'Only the GPUs of this node')
    .action((flags: GpusFlags) => runGpus(ctx, flags));
};
