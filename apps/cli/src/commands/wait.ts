/**
 * `skiff wait`: kubectl wait's arguments, output and exit codes. Each object is watched until
 * `--for` is met ("pod/x condition met") or the one shared --timeout runs out ("timed out
 * waiting for the condition on pods/x"). Like kubectl, one error prints with `error: `, several
 * print one per line, and any failure exits 1.
 */
import type { Command } from 'commander';
import type { KubeObject } from '@skiff/api';
import { ApiError, isNotFound, type RestClient } from '@skiff/client';
import type { CommandContext, Register } from '../context.ts';
import type { ApiResource } from '../discovery.ts';
import { apiErrorLine, CliError, SilentExit } from '../errors.ts';
import { listObjects } from '../fetch.ts';
import { durationFlag } from '../go-duration.ts';
import { parseResourceArgs } from '../resource-args.ts';
import { kindPrefix } from '../resource-names.ts';
import { parseWaitFor, type WaitFor } from '../wait/conditions.ts';
import { watchUntil } from '../wait/until.ts';

interface WaitFlags {
  for?: string;
  timeout: number;
  selector?: string;
  all?: boolean;
  allNamespaces?: boolean;
}

interface Target {
  resource: ApiResource;
  namespace: string | undefined;
  name: string;
}

const NO_RESOURCES = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

const WEEK_MS = 168 * 3_600_000;

async function targetsOf(ctx: CommandContext, args: string[], flags: WaitFlags): Promise<Target[]> {
  if (!args.length) throw new CliError(NO_RESOURCES);
  const conn = ctx.connection();
  const reqs = parseResourceArgs(await ctx.discovery().all(), args, 'wait');
  const out: Target[] = [];
  for (const req of reqs) {
    const namespace = req.resource.namespaced && !flags.allNamespaces ? conn.namespace : undefined;
    if (req.names.length) {
      out.push(...req.names.map((name) => ({ resource: req.resource, namespace, name })));
      continue;
    }
    if (!flags.all && !flags.selector) throw new CliError('error: resource(s) were provided, but no name was specified');
    const { items } = await listObjects(conn.client, req.resource, { namespace, labelSelector: flags.selector });
    out.push(...items.map((o) => ({ resource: req.resource, namespace: o.metadata.namespace, name: o.metadata.name ?? '' })));
  }
  return out;
}

type Outcome = 'met' | 'already-gone' | { line: string; api: boolean };

/** One object: met (or already gone, for --for=delete), or an error line (API errors carry their own wording). */
async function waitOne(client: RestClient, t: Target, waitFor: WaitFor, signal: AbortSignal, once: boolean): Promise<Outcome> {
  let first: KubeObject | undefined;
  try {
    first = await client.get(t.resource, t.name, { namespace: t.namespace });
  } catch (e) {
    if (!isNotFound(e)) throw e;
    // kubectl: a missing object already satisfies --for=delete, silently.
    if (waitFor.kind === 'delete') return 'already-gone';
    if (waitFor.kind !== 'create') return { line: apiErrorLine(e as ApiError), api: true };
  }
  const uid = first?.metadata.uid;
  const met =
    waitFor.kind === 'delete'
      ? (o: KubeObject | undefined) => !o || o.metadata.uid !== uid
      : waitFor.kind === 'create'
        ? (o: KubeObject | undefined) => o !== undefined
        : (o: KubeObject | undefined) => o !== undefined && waitFor.met(o);
  const r = await watchUntil(client, t.resource, t.namespace, t.name, met, signal, once);
  if (r.met) return 'met';
  return { line: `timed out waiting for the condition on ${t.resource.plural}/${t.name}`, api: false };
}

async function runWait(ctx: CommandContext, args: string[], flags: WaitFlags): Promise<void> {
  const waitFor = parseWaitFor(flags.for);
  const targets = await targetsOf(ctx, args, flags);
  if (!targets.length && waitFor.kind !== 'delete') throw new CliError('error: no matching resources found');
  const timeoutMs = flags.timeout < 0 ? WEEK_MS : flags.timeout;
  const signals = [AbortSignal.timeout(timeoutMs), ...(ctx.io.signal ? [ctx.io.signal] : [])];
  const signal = AbortSignal.any(signals);
  const client = ctx.connection().client;
  const errors: { line: string; api: boolean }[] = [];
  for (const t of targets) {
    const r = await waitOne(client, t, waitFor, signal, flags.timeout === 0);
    if (r === 'met') ctx.out(`${kindPrefix(t.resource)}/${t.name} condition met\n`);
    else if (r !== 'already-gone') errors.push(r);
  }
  if (!errors.length) return;
  if (errors.length === 1) ctx.err(`${errors[0]!.api ? '' : 'error: '}${errors[0]!.line}\n`);
  else for (const e of errors) ctx.err(`${e.line}\n`);
  throw new SilentExit(1);
}

export const registerWait: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('wait')
    .description('Experimental: Wait for a specific condition on one or many resources')
    .argument('[args...]', 'TYPE NAME | TYPE/NAME | TYPE (-l label | --all)')
    .option('--for <condition>', 'The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath=\'{JSONPath expression}\'=[JSONPath value]]')
    .option('--timeout <duration>', 'The length of time to wait before giving up. Zero means check once and don\'t wait, negative means wait for a week.', durationFlag('timeout'), 30_000)
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces')
    .action((args: string[], flags: WaitFlags) => runWait(ctx, args, flags));
};
