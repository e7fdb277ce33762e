/**
 * `skiff describe TYPE NAME…|TYPE/NAME…|TYPE -l sel`: kubectl describe's text for pods,
 * nodes and deployments (describe/*.ts), a generic rendering for every other kind, each with
 * its Events. Several objects are separated by a blank line, as kubectl does.
 */
import type { Command } from 'commander';
import type { CommandContext, Register } from '../context.ts';
import { describeDeployment } from '../describe/deployment.ts';
import { describeEvents, fetchEvents } from '../describe/events.ts';
import type { Loose } from '../describe/format.ts';
import { describeGeneric } from '../describe/generic.ts';
import { describeNode } from '../describe/node.ts';
import { describePod } from '../describe/pod.ts';
import { SilentExit } from '../errors.ts';
import { getObject, listObjects } from '../fetch.ts';
import { PrefixWriter } from '../printers/go-tabwriter.ts';
import { parseResourceArgs } from '../resource-args.ts';
import { describedError } from './errors-inline.ts';

export async function describeText(ctx: CommandContext, obj: Loose): Promise<string> {
  const w = new PrefixWriter();
  const client = ctx.connection().client;
  const kind = obj.kind;
  if (kind === 'Pod') describePod(w, obj);
  else if (kind === 'Node') await describeNode(w, obj, client);
  else if (kind === 'Deployment') await describeDeployment(w, obj, client);
  else if (kind === 'Namespace') {
    // describeNamespace: no events; quota and limit-range sections only when those exist.
    describeGeneric(w, { metadata: obj.metadata });
    w.write(0, `Status:\t${obj.status?.phase ?? ''}\n`);
    return w.toString();
  } else describeGeneric(w, obj);
  // kubectl narrows the events of a Deployment by kind too (k8s-api.md 1.3).
  describeEvents(w, await fetchEvents(client, obj, kind === 'Deployment' ? kind : undefined));
  return w.toString();
}

interface DescribeFlags {
  selector?: string;
  allNamespaces?: boolean;
}

async function runDescribe(ctx: CommandContext, args: string[], flags: DescribeFlags): Promise<void> {
  const conn = ctx.connection();
  const reqs = parseResourceArgs(await ctx.discovery().all(), args, 'describe');
  const sel = { namespace: flags.allNamespaces ? undefined : conn.namespace, labelSelector: flags.selector };
  const objs: Loose[] = [];
  const errors: string[] = [];
  for (const r of reqs) {
    if (!r.names.length) {
      const { items } = await listObjects(conn.client, r.resource, sel);
      if (!items.length) errors.push(sel.namespace && r.resource.namespaced ? `No resources found in ${sel.namespace} namespace.` : 'No resources found');
      objs.push(...items);
      continue;
    }
    for (const name of r.names) {
      try {
        const o = await getObject(conn.client, r.resource, name, sel);
        objs.push({ ...o, kind: o.kind || r.resource.kind });
      } catch (e) {
        errors.push(describedError(e, ctx.serverIfConnected()));
      }
    }
  }
  const texts: string[] = [];
  for (const o of objs) texts.push(await describeText(ctx, o));
  ctx.out(texts.join('\n\n'));
  for (const e of errors) ctx.err(`${e}\n`);
  if (errors.some((e) => !e.startsWith('No resources found'))) throw new SilentExit(1);
}

export const registerDescribe: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('describe')
    .description('Show details of a specific resource or group of resources')
    .argument('[args...]', 'TYPE NAME | TYPE/NAME | TYPE -l selector')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('-A, --all-namespaces', 'List the requested object(s) across all namespaces')
    .action((args: string[], flags: DescribeFlags) => runDescribe(ctx, args, flags));
};
