/**
 * `skiff cordon|uncordon NODE…`: set or clear spec.unschedulable with a strategic-merge
 * patch, as kubectl's drain helper does; "node/x cordoned" or "node/x already cordoned".
 */
import type { Command } from 'commander';
import type { RestClient } from '@skiff/client';
import type { CommandContext, Register } from '../context.ts';
import type { Loose } from '../describe/format.ts';
import type { ApiResource } from '../discovery.ts';
import { CliError, SilentExit } from '../errors.ts';
import { resolveResource } from '../resource-names.ts';
import { describedError } from './errors-inline.ts';

/** One node: the line to print after `node/NAME`. */
export async function setUnschedulable(client: RestClient, nodes: ApiResource, name: string, on: boolean): Promise<string> {
  const node = (await client.get(nodes, name)) as Loose;
  const word = on ? 'cordoned' : 'uncordoned';
  if (Boolean(node.spec?.unschedulable) === on) return `already ${word}`;
  await client.patch(nodes, name, 'strategic', { spec: { unschedulable: on || null } });
  return word;
}

export async function nodesResource(ctx: CommandContext): Promise<ApiResource> {
  return resolveResource(await ctx.discovery().all(), 'nodes');
}

async function run(ctx: CommandContext, names: string[], on: boolean): Promise<void> {
  if (!names.length) throw new CliError('error: USAGE: cordon NODE [flags]'.replace('cordon', on ? 'cordon' : 'uncordon'));
  const nodes = await nodesResource(ctx);
  let failed = false;
  for (const name of names) {
    try {
      ctx.out(`node/${name} ${await setUnschedulable(ctx.connection().client, nodes, name, on)}\n`);
    } catch (e) {
      ctx.err(`${describedError(e, ctx.serverIfConnected())}\n`);
      failed = true;
    }
  }
  if (failed) throw new SilentExit(1);
}

export const registerCordon: Register = (program: Command, ctx: CommandContext) => {
  program.command('cordon').description('Mark node as unschedulable').argument('[nodes...]').action((n: string[]) => run(ctx, n, true));
  program.command('uncordon').description('Mark node as schedulable').argument('[nodes...]').action((n: string[]) => run(ctx, n, false));
};
