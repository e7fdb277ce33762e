/**
 * `skiff why pod/x | resourceclaim/x | podgroup/x`: one short explanation of why it is not
 * running (or keeps restarting), from the scheduler's and the node agent's own reports
 * checked against the cluster (why/*.ts). Exit 0 whatever the answer: the question was
 * answered; only a missing object or a bad argument is an error.
 */
import type { Command } from 'commander';
import { isNotFound } from '@skiff/client';
import type { CommandContext, Register } from '../context.ts';
import type { Loose } from '../describe/format.ts';
import { CliError } from '../errors.ts';
import { COSCHEDULING_POD_GROUPS, PODS, POD_GROUPS, RESOURCE_CLAIMS } from '../gpus/refs.ts';
import { explainClaim } from '../why/claim.ts';
import { gatherFacts } from '../why/facts.ts';
import { gangMembers, groupVerdict, type GangRef } from '../why/gang.ts';
import { explainPod, type Explained } from '../why/pod.ts';
import { formatVerdict } from '../why/verdict.ts';

const TYPES: Record<string, 'pod' | 'resourceclaim' | 'podgroup'> = {
  pod: 'pod', pods: 'pod', po: 'pod',
  resourceclaim: 'resourceclaim', resourceclaims: 'resourceclaim', claim: 'resourceclaim',
  podgroup: 'podgroup', podgroups: 'podgroup', pg: 'podgroup',
};

export function parseTarget(args: string[]): { type: 'pod' | 'resourceclaim' | 'podgroup'; name: string } {
  const [first = '', second] = args;
  const [rawType, name] = first.includes('/') ? first.split('/', 2) as [string, string] : [first, second ?? ''];
  const type = TYPES[rawType.toLowerCase().replace(/\..*$/, '')];
  if (!rawType || !name || args.length > (first.includes('/') ? 1 : 2)) throw new CliError('error: you must specify one object: skiff why pod/NAME | resourceclaim/NAME | podgroup/NAME');
  if (!type) throw new CliError(`error: skiff why explains pods, resourceclaims and podgroups, not "${rawType}"`);
  return { type, name };
}

async function explainGroup(ctx: CommandContext, namespace: string, name: string): Promise<Explained> {
  const client = ctx.connection().client;
  const facts = await gatherFacts(client);
  for (const [kind, ref] of [['PodGroup', POD_GROUPS], ['CoschedulingPodGroup', COSCHEDULING_POD_GROUPS]] as const) {
    const group = await client.get(ref, name, { namespace }).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
    if (group) return groupVerdict({ kind, namespace, name }, group, facts);
  }
  // No group object: still worth explaining when pods name it (that is the problem).
  for (const kind of ['PodGroup', 'CoschedulingPodGroup'] as const) {
    const g: GangRef = { kind, namespace, name };
    if (gangMembers(facts, g).length) return groupVerdict(g, undefined, facts);
  }
  await client.get(POD_GROUPS, name, { namespace }); // throws kubectl's NotFound line
  throw new CliError(`error: podgroup "${name}" not found`);
}

async function runWhy(ctx: CommandContext, args: string[]): Promise<void> {
  const { type, name } = parseTarget(args);
  const conn = ctx.connection();
  const namespace = conn.namespace;
  let e: Explained;
  if (type === 'podgroup') e = await explainGroup(ctx, namespace, name);
  else {
    const obj = (await conn.client.get(type === 'pod' ? PODS : RESOURCE_CLAIMS, name, { namespace })) as Loose;
    const facts = await gatherFacts(conn.client);
    e = type === 'pod' ? await explainPod(obj, facts) : await explainClaim(obj, facts);
  }
  ctx.out(formatVerdict(`${type}/${name}`, e.state, e.v));
}

export const registerWhy: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('why')
    .description('Explain why a pod, resource claim or gang (podgroup) is pending or restarting')
    .argument('[args...]', 'pod/NAME | resourceclaim/NAME | podgroup/NAME')
    .action((args: string[]) => runWhy(ctx, args));
};
