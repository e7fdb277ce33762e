/**
 * The small write verbs, each a GET then one PATCH as kubectl sends them (k8s-api.md 1.3):
 *   scale     merge-patch {"spec":{"replicas":N}} to …/scale          → "deployment.apps/x scaled"
 *   label     merge-patch {"metadata":{"labels":…}}  fieldManager=kubectl-label
 *   annotate  merge-patch {"metadata":{"annotations":…}} fieldManager=kubectl-annotate
 *   patch     --type strategic|merge|json -p …  fieldManager=kubectl-patch
 * `key-` removes a key; an existing key needs --overwrite, with kubectl's error otherwise.
 */
import type { Command } from 'commander';
import type { PatchType } from '@skiff/client';
import type { CommandContext, Register } from '../context.ts';
import type { Loose } from '../describe/format.ts';
import type { ApiResource } from '../discovery.ts';
import { CliError, SilentExit } from '../errors.ts';
import { parseResourceArgs } from '../resource-args.ts';
import { describedError } from './errors-inline.ts';

const prefix = (r: ApiResource): string => (r.group ? `${r.singular}.${r.group}` : r.singular);

/** Each named object of `args`, with kubectl's per-object error lines (the others go on). */
async function forEachTarget(ctx: CommandContext, args: string[], verb: string, f: (r: ApiResource, name: string, ns: string | undefined) => Promise<string>): Promise<void> {
  const conn = ctx.connection();
  const reqs = parseResourceArgs(await ctx.discovery().all(), args, verb);
  let failed = false;
  for (const req of reqs) {
    if (!req.names.length) throw new CliError(`error: resource(s) were provided, but no name was specified`);
    for (const name of req.names) {
      try {
        ctx.out(`${prefix(req.resource)}/${name} ${await f(req.resource, name, req.resource.namespaced ? conn.namespace : undefined)}\n`);
      } catch (e) {
        ctx.err(`${describedError(e, ctx.serverIfConnected())}\n`);
        failed = true;
      }
    }
  }
  if (failed) throw new SilentExit(1);
}

function splitPairs(args: string[]): { targets: string[]; pairs: string[] } {
  const i = args.findIndex((a) => a.includes('=') || (a.endsWith('-') && !a.includes('/')));
  return i < 0 ? { targets: args, pairs: [] } : { targets: args.slice(0, i), pairs: args.slice(i) };
}

function keyChanges(field: 'labels' | 'annotations', current: Record<string, string>, pairs: string[], overwrite: boolean): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const p of pairs) {
    if (p.endsWith('-') && !p.includes('=')) {
      const k = p.slice(0, -1);
      if (k in current) out[k] = null;
      continue;
    }
    const [k, ...rest] = p.split('=');
    const v = rest.join('=');
    if (!overwrite && k! in current && current[k!] !== v) {
      throw new CliError(`error: '${k}' already has a value (${current[k!]}), and --overwrite is false`);
    }
    if (current[k!] !== v) out[k!] = v;
  }
  void field;
  return out;
}

function metaVerb(field: 'labels' | 'annotations', verb: 'label' | 'annotate', done: string) {
  return async (ctx: CommandContext, args: string[], f: { overwrite?: boolean }): Promise<void> => {
    const { targets, pairs } = splitPairs(args);
    if (!pairs.length) throw new CliError(`error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
    const client = ctx.connection().client;
    await forEachTarget(ctx, targets, verb, async (r, name, ns) => {
      const obj = (await client.get(r, name, { namespace: ns })) as Loose;
      const changes = keyChanges(field, obj.metadata[field] ?? {}, pairs, Boolean(f.overwrite));
      if (!Object.keys(changes).length) return `not ${done}`;
      await client.patch(r, name, 'merge', { metadata: { [field]: changes } }, { namespace: ns, fieldManager: `kubectl-${verb}` });
      // kubectl: only removals asked for → "unlabeled" / "unannotated".
      return pairs.every((p) => p.endsWith('-') && !p.includes('=')) ? `un${done}` : done;
    });
  };
}

async function runScale(ctx: CommandContext, args: string[], f: { replicas?: string; currentReplicas?: string }): Promise<void> {
  if (f.replicas === undefined || !/^\d+$/.test(f.replicas)) throw new CliError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const client = ctx.connection().client;
  await forEachTarget(ctx, args, 'scale', async (r, name, ns) => {
    const obj = (await client.get(r, name, { namespace: ns })) as Loose;
    if (f.currentReplicas !== undefined && String(obj.spec?.replicas ?? 1) !== f.currentReplicas) {
      throw new CliError(`error: Expected replicas to be ${f.currentReplicas}, was ${obj.spec?.replicas ?? 1}`);
    }
    await client.patch(r, name, 'merge', { spec: { replicas: Number(f.replicas) } }, { namespace: ns, subresource: 'scale' });
    return 'scaled';
  });
}

const PATCH_TYPES: Record<string, PatchType> = { strategic: 'strategic', merge: 'merge', json: 'json' };

async function runPatch(ctx: CommandContext, args: string[], f: { type?: string; patch?: string }): Promise<void> {
  const type = PATCH_TYPES[f.type ?? 'strategic'];
  if (!type) throw new CliError(`error: --type must be one of [json merge strategic], not "${f.type}"`);
  if (!f.patch) throw new CliError('error: must specify -p to patch');
  let body: unknown;
  try {
    body = JSON.parse(f.patch);
  } catch {
    const { parse } = await import('yaml');
    body = parse(f.patch);
  }
  const client = ctx.connection().client;
  await forEachTarget(ctx, args, 'patch', async (r, name, ns) => {
    const before = (await client.get(r, name, { namespace: ns })) as Loose;
    const after = (await client.patch(r, name, type, body, { namespace: ns, fieldManager: 'kubectl-patch' })) as Loose;
    return before.metadata.resourceVersion === after.metadata.resourceVersion ? 'patched (no change)' : 'patched';
  });
}

export const registerMutations: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('scale')
    .description('Set a new size for a deployment, replica set, or stateful set')
    .argument('[args...]', 'TYPE NAME | TYPE/NAME')
    .option('--replicas <n>', 'The new desired number of replicas')
    .option('--current-replicas <n>', 'Precondition for current size')
    .action((args: string[], f: { replicas?: string }) => runScale(ctx, args, f));
  program
    .command('label')
    .description('Update the labels on a resource')
    .argument('[args...]', 'TYPE NAME KEY_1=VAL_1 ... KEY_N=VAL_N | KEY-')
    .option('--overwrite', 'Allow labels to be overwritten')
    .action((args: string[], f: { overwrite?: boolean }) => metaVerb('labels', 'label', 'labeled')(ctx, args, f));
  program
    .command('annotate')
    .description('Update the annotations on a resource')
    .argument('[args...]', 'TYPE NAME KEY_1=VAL_1 ... KEY_N=VAL_N | KEY-')
    .option('--overwrite', 'Allow annotations to be overwritten')
    .action((args: string[], f: { overwrite?: boolean }) => metaVerb('annotations', 'annotate', 'annotated')(ctx, args, f));
  program
    .command('patch')
    .description('Update fields of a resource')
    .argument('[args...]', 'TYPE NAME | TYPE/NAME')
    .option('-p, --patch <patch>', 'The patch to be applied to the resource JSON file')
    .option('--type <type>', 'The type of patch being provided; one of [json merge strategic]')
    .action((args: string[], f: { type?: string; patch?: string }) => runPatch(ctx, args, f));
};
