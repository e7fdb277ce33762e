/**
 * `skiff apply -f`: create what is absent, update what exists, report each object as kubectl
 * does (`pod/x created|configured|unchanged`). It always sends a server-side apply
 * (`application/apply-patch+yaml`, fieldManager `skiff`), which creates when absent, so no
 * client-side three-way merge is needed. Without --server-side it forces conflicts, which is
 * what kubectl's client-side apply amounts to (last writer wins); with --server-side,
 * conflicts are reported unless --force-conflicts, as with kubectl.
 * "unchanged" = the resourceVersion did not move (a no-op apply does not write).
 */
import type { KubeObject } from '@skiff/api';
import { ApiError, isNotFound } from '@skiff/client';
import type { Command } from 'commander';
import type { CommandContext, Register } from '../context.ts';
import { SilentExit } from '../errors.ts';
import { readManifests } from '../manifests.ts';
import { dryRunSuffix, parseDryRun, sourcedError, targetOf, type DryRun, type Target } from '../targets.ts';
import { waitForApplied } from '../apply-wait/wait-applied.ts';
import { durationFlag } from '../go-duration.ts';

interface ApplyFlags {
  filename: string[];
  recursive?: boolean;
  serverSide?: boolean;
  forceConflicts?: boolean;
  dryRun?: string;
  fieldManager: string;
  output?: string;
  wait?: boolean;
  timeout: number;
}

function stripVolatile(o: KubeObject): unknown {
  const { resourceVersion: _rv, managedFields: _mf, generation: _g, ...meta } = o.metadata;
  return { ...o, metadata: meta };
}

async function applyOne(ctx: CommandContext, t: Target, flags: ApplyFlags, dryRun: DryRun): Promise<string> {
  const client = ctx.connection().client;
  let before: KubeObject | undefined;
  try {
    before = await client.get(t.resource, t.name, { namespace: t.namespace });
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  const suffix = dryRunSuffix(dryRun);
  if (dryRun === 'client') return `${t.display} ${before ? 'configured' : 'created'}${suffix}\n`;
  const body = { ...t.object, metadata: { ...t.object.metadata, ...(t.namespace ? { namespace: t.namespace } : {}) } };
  let after: KubeObject;
  try {
    after = await client.patch(t.resource, t.name, 'apply', JSON.stringify(body), {
      namespace: t.namespace,
      fieldManager: flags.fieldManager,
      force: flags.serverSide ? Boolean(flags.forceConflicts) : true,
      dryRun: dryRun === 'server',
    });
  } catch (e) {
    throw new ApplyFailure(sourcedError(e, before ? 'applying' : 'creating', t.manifest.source));
  }
  if (flags.serverSide) return `${t.display} serverside-applied${suffix}\n`;
  if (!before) return `${t.display} created${suffix}\n`;
  const same =
    dryRun === 'server'
      ? JSON.stringify(stripVolatile(after)) === JSON.stringify(stripVolatile(before))
      : after.metadata.resourceVersion === before.metadata.resourceVersion;
  return `${t.display} ${same ? 'unchanged' : 'configured'}${suffix}\n`;
}

class ApplyFailure extends Error {}

export async function runApply(ctx: CommandContext, flags: ApplyFlags): Promise<void> {
  const dryRun = parseDryRun(flags.dryRun);
  const manifests = await readManifests(flags.filename, Boolean(flags.recursive), ctx.io, 'apply');
  const conn = ctx.connection();
  const all = await ctx.discovery().all();
  let failed = false;
  const applied: Target[] = [];
  for (const m of manifests) {
    const t = targetOf(all, conn, m);
    if (typeof t === 'string') {
      ctx.err(`${t}\n`);
      failed = true;
      continue;
    }
    try {
      const line = await applyOne(ctx, t, flags, dryRun);
      ctx.out(flags.output === 'name' ? `${t.display}\n` : line);
      applied.push(t);
    } catch (e) {
      if (!(e instanceof ApplyFailure) && !(e instanceof ApiError && e.code !== 0 && e.code !== 401)) throw e;
      ctx.err(`${e instanceof ApplyFailure ? e.message : sourcedError(e, 'retrieving current configuration of', m.source)}\n`);
      failed = true;
    }
  }
  if (failed) throw new SilentExit(1);
  if (flags.wait && dryRun === 'none') await waitForApplied(ctx, applied, flags.timeout);
}

export const registerApply: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('apply')
    .description('Apply a configuration to a resource by file name or stdin')
    .option('-f, --filename <path>', 'Files, directories or - (stdin) holding the objects', (v: string, prev: string[]) => [...prev, v], [])
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .option('--server-side', 'Report as kubectl --server-side does; conflicts fail unless --force-conflicts')
    .option('--force-conflicts', 'With --server-side: take over fields other managers own')
    .option('--dry-run <strategy>', 'none, client or server')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership', 'skiff')
    .option('--validate <mode>', 'Accepted for kubectl compatibility; the server validates')
    .option('-o, --output <format>', 'Output format: name')
    .option('--wait', 'After applying, wait until Deployments are rolled out, Jobs complete and Pods ready, showing progress on stderr')
    .option('--timeout <duration>', 'How long --wait waits (Go duration)', durationFlag('timeout'), 300_000)
    .action((flags: ApplyFlags) => runApply(ctx, flags));
};
