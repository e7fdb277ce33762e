/**
 * `skiff delete`: by type and names, `type/name`, `-f`, `-l` or `--all`. Sends DeleteOptions
 * as kubectl does (propagationPolicy from --cascade, gracePeriodSeconds), prints
 * `pod "x" deleted`, goes on past a missing object (its error printed, exit 1), and with
 * --wait (the default) returns only once every deleted object is gone.
 */
import type { Command } from 'commander';
import { ApiError, isNotFound } from '@skiff/client';
import { parseIntFlag } from '../argv.ts';
import type { CommandContext, Register } from '../context.ts';
import type { ApiResource } from '../discovery.ts';
import { apiErrorLine, CliError, SilentExit } from '../errors.ts';
import { listObjects } from '../fetch.ts';
import { readManifests } from '../manifests.ts';
import { parseResourceArgs } from '../resource-args.ts';
import { kindPrefix } from '../resource-names.ts';
import { dryRunSuffix, parseDryRun, sourcedError, targetOf } from '../targets.ts';
import { waitDeleted } from '../wait-deleted.ts';

interface DeleteFlags {
  filename: string[];
  recursive?: boolean;
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  gracePeriod: number;
  force?: boolean;
  cascade: string;
  wait?: boolean;
  ignoreNotFound?: boolean;
  dryRun?: string;
  output?: string;
}

interface Victim {
  resource: ApiResource;
  namespace: string | undefined;
  name: string;
  /** The -f file it came from: errors then read `error when deleting "f.yaml": ...`. */
  source?: string;
}

const CASCADE: Record<string, 'Background' | 'Foreground' | 'Orphan'> = {
  background: 'Background', true: 'Background', foreground: 'Foreground', orphan: 'Orphan', false: 'Orphan',
};

async function victims(ctx: CommandContext, args: string[], flags: DeleteFlags): Promise<Victim[]> {
  const conn = ctx.connection();
  const all = await ctx.discovery().all();
  if (flags.filename.length) {
    if (args.length) throw new CliError('error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    const manifests = await readManifests(flags.filename, Boolean(flags.recursive), ctx.io, 'delete');
    return manifests.map((m) => {
      const t = targetOf(all, conn, m);
      if (typeof t === 'string') throw new CliError(t);
      return { resource: t.resource, namespace: t.namespace, name: t.name, source: m.source };
    });
  }
  const reqs = parseResourceArgs(all, args, 'delete');
  const bySelector = Boolean(flags.all || flags.selector || flags.fieldSelector);
  const out: Victim[] = [];
  for (const req of reqs) {
    const namespace = req.resource.namespaced ? (flags.allNamespaces ? undefined : conn.namespace) : undefined;
    if (req.names.length) {
      if (bySelector) throw new CliError('error: name cannot be provided when a selector is specified');
      out.push(...req.names.map((name) => ({ resource: req.resource, namespace, name })));
      continue;
    }
    if (!bySelector) throw new CliError('error: resource(s) were provided, but no name was specified');
    const { items } = await listObjects(conn.client, req.resource, { namespace, labelSelector: flags.selector, fieldSelector: flags.fieldSelector });
    out.push(...items.map((o) => ({ resource: req.resource, namespace: o.metadata.namespace, name: o.metadata.name ?? '' })));
  }
  return out;
}

async function runDelete(ctx: CommandContext, args: string[], flags: DeleteFlags): Promise<void> {
  const propagationPolicy = CASCADE[flags.cascade];
  if (!propagationPolicy) throw new CliError(`error: invalid cascade value (${flags.cascade}). Must be "background", "foreground", or "orphan".`);
  const dryRun = parseDryRun(flags.dryRun);
  // kubectl: --grace-period=0 without --force means 1; --force alone means 0.
  let grace = flags.gracePeriod;
  if (grace === 0 && !flags.force) grace = 1;
  if (flags.force && grace < 0) grace = 0;
  const client = ctx.connection().client;
  const list = await victims(ctx, args, flags);
  if (!list.length) {
    ctx.out('No resources found\n');
    return;
  }
  if (flags.force && grace === 0) {
    ctx.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  }
  const deleted: (Victim & { uid: string | undefined })[] = [];
  let failed = false;
  for (const v of list) {
    try {
      const res = await client.delete(v.resource, v.name, {
        namespace: v.namespace,
        propagationPolicy,
        gracePeriodSeconds: grace >= 0 ? grace : undefined,
        dryRun: dryRun === 'server',
      });
      const uid = (res as { metadata?: { uid?: string } }).metadata?.uid;
      deleted.push({ ...v, uid });
      const what = flags.output === 'name' ? `${kindPrefix(v.resource)}/${v.name}` : `${kindPrefix(v.resource)} "${v.name}" ${flags.force && grace === 0 ? 'force deleted' : 'deleted'}${dryRunSuffix(dryRun)}`;
      ctx.out(`${what}\n`);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code === 0 || e.code === 401) throw e;
      if (flags.ignoreNotFound && isNotFound(e)) continue;
      ctx.err(`${v.source ? sourcedError(e, 'deleting', v.source) : apiErrorLine(e)}\n`);
      failed = true;
    }
  }
  if ((flags.wait ?? true) && dryRun === 'none') {
    const ac = new AbortController();
    ctx.io.signal?.addEventListener('abort', () => ac.abort(), { once: true });
    for (const v of deleted) await waitDeleted(client, v.resource, v.namespace, v.name, v.uid, ac.signal);
  }
  if (failed) throw new SilentExit(1);
}

export const registerDelete: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('delete')
    .description('Delete resources by file names, stdin, resources and names, or by resources and label selector')
    .argument('[args...]', 'TYPE [NAME ...] | TYPE/NAME ...')
    .option('-f, --filename <path>', 'Files, directories or - (stdin) holding the objects', (v: string, prev: string[]) => [...prev, v], [])
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .option('-l, --selector <selector>', 'Label selector to filter on')
    .option('--field-selector <selector>', 'Field selector to filter on')
    .option('--all', 'Delete all resources of the given types in the namespace')
    .option('-A, --all-namespaces', 'With -l/--all: across all namespaces')
    .option('--grace-period <seconds>', 'Seconds given to the resource to terminate gracefully; -1 uses its default', parseIntFlag('grace-period'), -1)
    .option('--force', 'Remove immediately, without waiting for graceful termination')
    .option('--cascade <strategy>', 'background, foreground or orphan', 'background')
    .option('--wait', 'Wait for the resources to be gone before returning (default true)')
    .option('--no-wait', 'Return as soon as the deletions are accepted')
    .option('--ignore-not-found', 'Treat "resource not found" as a successful delete')
    .option('--dry-run <strategy>', 'none, client or server')
    .option('-o, --output <format>', 'Output format: name')
    .action((args: string[], flags: DeleteFlags) => runDelete(ctx, args, flags));
};
