/**
 * `skiff rollout status|history|undo|restart|pause|resume` for Deployments, with kubectl's
 * lines: status prints one progress line per observed change until "successfully rolled out";
 * the write verbs print `deployment.apps/NAME <what happened>`; failures are kubectl's errors.
 */
import type { Command } from 'commander';
import type { CommandContext, Register } from '../context.ts';
import type { Loose } from '../describe/format.ts';
import type { ApiResource } from '../discovery.ts';
import { CliError, SilentExit } from '../errors.ts';
import { durationFlag } from '../go-duration.ts';
import { parseIntFlag } from '../argv.ts';
import { parseResourceArgs } from '../resource-args.ts';
import { kindPrefix, resolveResource } from '../resource-names.ts';
import { historyText } from '../rollout/history.ts';
import { deploymentStatus } from '../rollout/status.ts';
import { undoDeployment } from '../rollout/undo.ts';
import { watchUntil } from '../wait/until.ts';
import { describedError } from './errors-inline.ts';

interface Target {
  resource: ApiResource;
  replicaSets: ApiResource;
  name: string;
  namespace: string;
}

async function targetsOf(ctx: CommandContext, args: string[], verb: string): Promise<Target[]> {
  if (!args.length) throw new CliError('error: required resource not specified');
  const all = await ctx.discovery().all();
  const replicaSets = resolveResource(all, 'replicasets.apps');
  const namespace = ctx.connection().namespace;
  return parseResourceArgs(all, args, `rollout ${verb}`).flatMap((req) => {
    if (req.resource.group !== 'apps' || req.resource.plural !== 'deployments') {
      throw new CliError(`error: no ${verb} has been implemented for "${req.resource.kind}" in skiff (deployments only)`);
    }
    if (!req.names.length) throw new CliError('error: resource(s) were provided, but no name was specified');
    return req.names.map((name) => ({ resource: req.resource, replicaSets, name, namespace }));
  });
}

/** Run `f` per target, printing `deployment.apps/NAME <result>`; errors print and the rest go on. */
async function eachTarget(ctx: CommandContext, args: string[], verb: string, f: (t: Target, d: Loose) => Promise<string>): Promise<void> {
  const client = ctx.connection().client;
  let failed = false;
  for (const t of await targetsOf(ctx, args, verb)) {
    try {
      const d = (await client.get(t.resource, t.name, { namespace: t.namespace })) as Loose;
      ctx.out(`${kindPrefix(t.resource)}/${t.name} ${await f(t, d)}\n`);
    } catch (e) {
      ctx.err(`${describedError(e, ctx.serverIfConnected())}\n`);
      failed = true;
    }
  }
  if (failed) throw new SilentExit(1);
}

/** Go's time.Now().Format(time.RFC3339) in local time. */
function rfc3339Now(now = new Date()): string {
  const off = -now.getTimezoneOffset();
  const local = new Date(now.getTime() + off * 60_000).toISOString().slice(0, 19);
  if (!off) return `${local}Z`;
  const a = Math.abs(off);
  return `${local}${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function setPaused(ctx: CommandContext, args: string[], paused: boolean): Promise<void> {
  return eachTarget(ctx, args, paused ? 'pause' : 'resume', async (t, d) => {
    if (Boolean(d.spec?.paused) === paused) {
      throw new CliError(`error: deployments.apps "${t.name}" ${paused ? 'is already paused' : 'is not paused'}`);
    }
    await ctx.connection().client.patch(t.resource, t.name, 'strategic', { spec: { paused: paused || null } }, { namespace: t.namespace, fieldManager: 'kubectl-rollout' });
    return paused ? 'paused' : 'resumed';
  });
}

async function runStatus(ctx: CommandContext, args: string[], f: { watch: boolean; timeout: number }): Promise<void> {
  const client = ctx.connection().client;
  for (const t of await targetsOf(ctx, args, 'status')) {
    const d = (await client.get(t.resource, t.name, { namespace: t.namespace })) as Loose;
    if (!f.watch) {
      ctx.out(deploymentStatus(d).message);
      continue;
    }
    const signals = [...(f.timeout > 0 ? [AbortSignal.timeout(f.timeout)] : []), ...(ctx.io.signal ? [ctx.io.signal] : [])];
    const signal = AbortSignal.any(signals);
    const r = await watchUntil(client, t.resource, t.namespace, t.name, (o) => {
      if (!o) throw new CliError('error: object has been deleted');
      const s = deploymentStatus(o as Loose);
      ctx.out(s.message);
      return s.done;
    }, signal);
    if (!r.met && !ctx.io.signal?.aborted) throw new CliError('error: timed out waiting for the condition');
  }
}

export const registerRollout: Register = (program: Command, ctx: CommandContext) => {
  const rollout = program.command('rollout').description('Manage the rollout of a resource');
  rollout
    .command('status')
    .description('Show the status of the rollout')
    .argument('[args...]', 'TYPE NAME | TYPE/NAME')
    .option('-w, --watch', 'Watch the status of the rollout until it\'s done', true)
    .option('--no-watch', 'Print the status once')
    .option('--timeout <duration>', 'The length of time to wait before ending watch, zero means never', durationFlag('timeout'), 0)
    .action((args: string[], f: { watch: boolean; timeout: number }) => runStatus(ctx, args, f));
  rollout
    .command('history')
    .description('View rollout history')
    .argument('[args...]', 'TYPE NAME | TYPE/NAME')
    .option('--revision <n>', 'See the details, including podTemplate of the revision specified', parseIntFlag('revision'), 0)
    .action((args: string[], f: { revision: number }) =>
      eachTarget(ctx, args, 'history', async (t, d) => historyText(ctx.connection().client, t.replicaSets, d, f.revision)),
    );
  rollout
    .command('undo')
    .description('Undo a previous rollout')
    .argument('[args...]', 'TYPE NAME | TYPE/NAME')
    .option('--to-revision <n>', 'The revision to rollback to. Default to 0 (last revision).', parseIntFlag('to-revision'), 0)
    .action((args: string[], f: { toRevision: number }) =>
      eachTarget(ctx, args, 'undo', (t, d) => undoDeployment(ctx.connection().client, t.resource, t.replicaSets, d, f.toRevision)),
    );
  rollout
    .command('restart')
    .description('Restart a resource')
    .argument('[args...]', 'TYPE NAME | TYPE/NAME')
    .action((args: string[]) =>
      eachTarget(ctx, args, 'restart', async (t, d) => {
        if (d.spec?.paused) throw new CliError(`error: deployments.apps "${t.name}" can't restart paused deployment (run rollout resume first)`);
        const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': rfc3339Now() } } } } };
        await ctx.connection().client.patch(t.resource, t.name, 'strategic', patch, { namespace: t.namespace, fieldManager: 'kubectl-rollout' });
        return 'restarted';
      }),
    );
  rollout.command('pause').description('Mark the provided resource as paused').argument('[args...]').action((args: string[]) => setPaused(ctx, args, true));
  rollout.command('resume').description('Resume a paused resource').argument('[args...]').action((args: string[]) => setPaused(ctx, args, false));
};
