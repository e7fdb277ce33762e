/**
 * `skiff create -f`: POST each object (fieldManager `skiff-create`); an existing object is an
 * error worded as kubectl's (`Error from server (AlreadyExists): error when creating "f.yaml":
 * pods "x" already exists`). `create namespace NAME` is the one generator kept, being the one
 * everybody types.
 */
import type { KubeObject } from '@skiff/api';
import type { Command } from 'commander';
import type { CommandContext, Register } from '../context.ts';
import { SilentExit } from '../errors.ts';
import { readManifests, type Manifest } from '../manifests.ts';
import { dryRunSuffix, parseDryRun, sourcedError, targetOf } from '../targets.ts';

interface CreateFlags {
  filename: string[];
  recursive?: boolean;
  dryRun?: string;
  output?: string;
}

async function createAll(ctx: CommandContext, manifests: Manifest[], flags: CreateFlags): Promise<void> {
  const dryRun = parseDryRun(flags.dryRun);
  const conn = ctx.connection();
  const all = await ctx.discovery().all();
  let failed = false;
  for (const m of manifests) {
    const t = targetOf(all, conn, m);
    if (typeof t === 'string') {
      ctx.err(`${t}\n`);
      failed = true;
      continue;
    }
    try {
      if (dryRun !== 'client') {
        await conn.client.create(t.resource, t.object, { namespace: t.namespace, fieldManager: 'skiff-create', dryRun: dryRun === 'server' });
      }
      ctx.out(flags.output === 'name' ? `${t.display}\n` : `${t.display} created${dryRunSuffix(dryRun)}\n`);
    } catch (e) {
      ctx.err(`${sourcedError(e, 'creating', m.source)}\n`);
      failed = true;
    }
  }
  if (failed) throw new SilentExit(1);
}

export const registerCreate: Register = (program: Command, ctx: CommandContext) => {
  const create = program
    .command('create')
    .description('Create a resource from a file or from stdin')
    .option('-f, --filename <path>', 'Files, directories or - (stdin) holding the objects', (v: string, prev: string[]) => [...prev, v], [])
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .option('--dry-run <strategy>', 'none, client or server')
    .option('--validate <mode>', 'Accepted for kubectl compatibility; the server validates')
    .option('-o, --output <format>', 'Output format: name')
    .action(async (flags: CreateFlags) => createAll(ctx, await readManifests(flags.filename, Boolean(flags.recursive), ctx.io, 'create'), flags));
  create
    .command('namespace')
    .alias('ns')
    .description('Create a namespace with the specified name')
    .argument('<name>')
    .option('--dry-run <strategy>', 'none, client or server')
    .action((name: string, flags: CreateFlags) => {
      const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
      return createAll(ctx, [{ source: '', object: ns }], { ...flags, filename: [] });
    });
};
