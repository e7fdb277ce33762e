/**
 * `skiff drain NODE`: kubectl drain's steps and lines. Cordon; judge the node's pods
 * (drain/filters.ts); evict each through pods/eviction, or delete it with --disable-eviction;
 * wait for every one to be gone ("pod/x evicted|deleted"); "node/x drained". An eviction a
 * PodDisruptionBudget refuses (429) is retried every 5 s with kubectl's "will retry" line, so
 * pods guarded by a budget leave one at a time as their replacements become ready. kubectl
 * evicts the pods concurrently; skiff evicts them in order, which gives the same lines in a
 * stable order.
 */
import type { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, isNotFound, type RestClient } from '@skiff/client';
import type { CommandContext, Register } from '../context.ts';
import type { Loose } from '../describe/format.ts';
import type { ApiResource } from '../discovery.ts';
import { CliError, SilentExit } from '../errors.ts';
import { durationFlag } from '../go-duration.ts';
import { parseIntFlag } from '../argv.ts';
import { resolveResource } from '../resource-names.ts';
import { daemonSetOf, grouped, judge, type DaemonSetLookup, type DrainFlags, type PodVerdict } from '../drain/filters.ts';

const DAEMONSETS = { group: 'apps', version: 'v1', plural: 'daemonsets', namespaced: true, kind: 'DaemonSet' };
import { watchUntil } from '../wait/until.ts';
import { nodesResource, setUnschedulable } from './cordon.ts';

interface Flags extends DrainFlags {
  disableEviction?: boolean;
  gracePeriod: number;
  timeout: number;
}

class DrainFailure extends Error {
  /** The line(s) kubectl's checkErr prints last. */
  readonly final: string;
  constructor(message: string, final: string) {
    super(message);
    this.final = final;
  }
}

/** kubectl drain's pause between evictions a disruption budget refused. */
const EVICTION_RETRY_MS = 5_000;

const goDuration = (ms: number): string => {
  const m = Math.floor(ms / 60_000);
  const sec = (ms % 60_000) / 1000;
  return m ? `${m}m${sec}s` : `${sec}s`;
};

/**
 * Evict one pod as kubectl's evictPods does: "evicting pod" before every attempt, a 429 (a
 * budget says not now) retried after 5 s, a 404 (already gone) done. False when the pod was gone.
 */
async function evictPod(ctx: CommandContext, client: RestClient, pods: ApiResource, p: Loose, f: Flags, signal: AbortSignal): Promise<boolean> {
  const namespace = p.metadata.namespace;
  const name = p.metadata.name;
  const grace = f.gracePeriod >= 0 ? { gracePeriodSeconds: f.gracePeriod } : {};
  const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace }, deleteOptions: grace };
  for (;;) {
    ctx.out(`evicting pod ${namespace}/${name}\n`);
    if (signal.aborted) {
      const msg = `error when evicting pods/"${name}" -n "${namespace}": global timeout reached: ${goDuration(f.timeout)}`;
      throw new DrainFailure(msg, `error: ${msg}`);
    }
    try {
      await client.createSubresource(pods, name, 'eviction', body, { namespace });
      return true;
    } catch (e) {
      if (!(e instanceof ApiError) || e.code === 0) throw e;
      if (e.code === 404) return false;
      const message = e.status.message ?? e.message;
      if (e.code !== 429) {
        const msg = `error when evicting pods/"${name}" -n "${namespace}": ${message}`;
        throw new DrainFailure(msg, `error: ${msg}`);
      }
      ctx.err(`error when evicting pods/"${name}" -n "${namespace}" (will retry after 5s): ${message}\n`);
      await sleep(EVICTION_RETRY_MS, undefined, { signal }).catch(() => undefined);
    }
  }
}

/** kubectl GETs a pod's DaemonSet: a missing one makes the pod an orphan (deletable with --force). */
async function lookupDaemonSet(client: RestClient, p: Loose): Promise<DaemonSetLookup> {
  const name = daemonSetOf(p);
  if (!name) return {};
  try {
    await client.get(DAEMONSETS, name, { namespace: p.metadata.namespace });
    return {};
  } catch (e) {
    if (!(e instanceof ApiError) || e.code === 0) throw e;
    return { error: e.status.message ?? e.message, notFound: isNotFound(e) };
  }
}

async function drainNode(ctx: CommandContext, nodes: ApiResource, pods: ApiResource, name: string, f: Flags): Promise<void> {
  const client = ctx.connection().client;
  ctx.out(`node/${name} ${await setUnschedulable(client, nodes, name, true)}\n`);
  const list = await client.listAll(pods, { fieldSelector: `spec.nodeName=${name}` });
  const verdicts: PodVerdict[] = [];
  for (const p of list.items as Loose[]) verdicts.push(judge(p, f, await lookupDaemonSet(client, p)));
  const errors = grouped(verdicts, 'error').map((e) => `cannot delete ${e}`);
  if (errors.length) throw new DrainFailure(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`, errors.join('\n'));
  const warnings = grouped(verdicts, 'warning');
  if (warnings.length) ctx.err(`Warning: ${warnings.join('; ')}\n`);
  const evict = !f.disableEviction;
  // One deadline for evicting and waiting, as kubectl's global --timeout.
  const signal = AbortSignal.any([...(f.timeout > 0 ? [AbortSignal.timeout(f.timeout)] : []), ...(ctx.io.signal ? [ctx.io.signal] : [])]);
  const removed: { pod: Loose; evicted: boolean }[] = [];
  for (const { pod } of verdicts.filter((v) => v.remove)) {
    if (evict) {
      if (await evictPod(ctx, client, pods, pod, f, signal)) removed.push({ pod, evicted: true });
      continue;
    }
    await client.delete(pods, pod.metadata.name, { namespace: pod.metadata.namespace, ...(f.gracePeriod >= 0 ? { gracePeriodSeconds: f.gracePeriod } : {}) });
    removed.push({ pod, evicted: false });
  }
  const pending: Loose[] = [];
  for (const { pod, evicted } of removed) {
    const uid = pod.metadata.uid;
    const gone = await watchUntil(client, pods, pod.metadata.namespace, pod.metadata.name, (o) => !o || o.metadata.uid !== uid, signal);
    if (gone.met) ctx.out(`pod/${pod.metadata.name} ${evicted ? 'evicted' : 'deleted'}\n`);
    else pending.push(pod);
  }
  if (pending.length) {
    ctx.err(`There are pending pods in node "${name}" when an error occurred: context deadline exceeded\n`);
    for (const p of pending) ctx.err(`pod/${p.metadata.name}\n`);
    throw new DrainFailure('context deadline exceeded', 'error: context deadline exceeded');
  }
  ctx.out(`node/${name} drained\n`);
}

async function runDrain(ctx: CommandContext, names: string[], f: Flags): Promise<void> {
  if (names.length !== 1) throw new CliError('error: USAGE: drain NODE [flags]');
  const nodes = await nodesResource(ctx);
  const pods = resolveResource(await ctx.discovery().all(), 'pods');
  const name = names[0]!;
  try {
    await drainNode(ctx, nodes, pods, name, f);
  } catch (e) {
    if (!(e instanceof DrainFailure)) throw e;
    ctx.err(`error: unable to drain node "${name}" due to error: ${e.message}, continuing command...\nThere are pending nodes to be drained:\n ${name}\n${e.final}\n`);
    throw new SilentExit(1);
  }
}

export const registerDrain: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('drain')
    .description('Drain node in preparation for maintenance')
    .argument('[node...]', 'NODE')
    .option('--force', 'Continue even if there are pods that do not declare a controller')
    .option('--ignore-daemonsets', 'Ignore DaemonSet-managed pods')
    .option('--delete-emptydir-data', 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained)')
    .option('--disable-eviction', 'Force drain to use delete, even if eviction is supported')
    .option('--grace-period <seconds>', 'Period of time in seconds given to each pod to terminate gracefully (-1: the pod\'s own)', parseIntFlag('grace-period'), -1)
    .option('--timeout <duration>', 'The length of time to wait before giving up, zero means infinite', durationFlag('timeout'), 0)
    .action((names: string[], f: Flags) => runDrain(ctx, names, f));
};
