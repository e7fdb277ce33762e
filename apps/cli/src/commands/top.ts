/**
 * `skiff top node|pod`: CPU and memory from metrics.k8s.io with kubectl 1.32's `top` flags,
 * columns, rounding, sorting and errors (the part kubectl has is byte-identical, see
 * top.test.ts), plus per-GPU use: GPU columns after kubectl's when a node reports GPUs, and
 * `skiff top nodes --gpus` for one row per GPU with its holder (top/*.ts, docs/gpu.md).
 */
import { Option, type Command } from 'commander';
import type { CommandContext, Register } from '../context.ts';
import { runTopNodes, type TopNodeFlags } from '../top/nodes.ts';
import { runTopPods, type TopPodFlags } from '../top/pods.ts';

const SORT_BY = "If non-empty, sort the list using the specified field. The field can be either 'cpu' or 'memory'.";
/** kubectl's flag, accepted for scripts; this client reads JSON either way. */
const protobufFlag = (): Option => new Option('--use-protocol-buffers [bool]', 'Enables using protocol-buffers to access Metrics API (accepted, ignored)').hideHelp();

export const registerTop: Register = (program: Command, ctx: CommandContext) => {
  const top = program.command('top').description('Display resource (CPU/memory) usage, and per-GPU use');
  top
    .command('node')
    .aliases(['nodes', 'no'])
    .description('Display resource (CPU/memory) usage of nodes, and their GPUs')
    .argument('[name...]', 'NODE_NAME')
    .option('-l, --selector <selector>', "Selector (label query) to filter on, supports '=', '==', and '!='.")
    .option('--no-headers', 'If present, print output without headers')
    .option('--sort-by <field>', SORT_BY)
    .option('--show-capacity', 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.')
    .option('--gpus', 'One row per GPU: node, index, model, utilisation, memory used/total, holder pod')
    .addOption(protobufFlag())
    .action((names: string[], flags: TopNodeFlags) => runTopNodes(ctx, names, flags));
  top
    .command('pod')
    .aliases(['pods', 'po'])
    .description('Display resource (CPU/memory) usage of pods, and the GPUs they hold')
    .argument('[name...]', 'POD_NAME')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.')
    .option('-l, --selector <selector>', "Selector (label query) to filter on, supports '=', '==', and '!='.")
    .option('--field-selector <selector>', "Selector (field query) to filter on, supports '=', '==', and '!='.")
    .option('--containers', 'If present, print usage of containers within a pod.')
    .option('--no-headers', 'If present, print output without headers.')
    .option('--sort-by <field>', SORT_BY)
    .option('--sum', 'Print the sum of the resource usage')
    .addOption(protobufFlag())
    .action((names: string[], flags: TopPodFlags) => runTopPods(ctx, names, flags));
};
