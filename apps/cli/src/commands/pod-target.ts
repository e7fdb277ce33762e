/**
 * What logs and exec address: `POD`, `pod/POD`, or `TYPE/NAME` of a workload (its first pod
 * by the selector, as kubectl's "Found N pods, using pod/x"), and the container to use:
 * -c, else the default-container annotation, else the first (with kubectl's notice).
 */
import type { KubeObject } from '@skiff/api';
import { formatLabelSelector } from '@skiff/api';
import type { CommandContext } from '../context.ts';
import type { Loose } from '../describe/format.ts';
import { CliError } from '../errors.ts';
import { resolveResource } from '../resource-names.ts';

export const POD_REF = { group: '', version: 'v1', plural: 'pods', namespaced: true };

export async function resolvePod(ctx: CommandContext, arg: string): Promise<Loose> {
  const conn = ctx.connection();
  const ns = conn.namespace;
  const slash = arg.indexOf('/');
  if (slash < 0) return conn.client.get(POD_REF, arg, { namespace: ns });
  const r = resolveResource(await ctx.discovery().all(), arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  if (r.kind === 'Pod') return conn.client.get(POD_REF, name, { namespace: ns });
  const owner = (await conn.client.get(r, name, { namespace: ns })) as Loose;
  const sel = formatLabelSelector(owner.spec?.selector?.matchLabels ? owner.spec.selector : { matchLabels: owner.spec?.selector });
  const pods = (await conn.client.list<KubeObject>(POD_REF, { namespace: ns, labelSelector: sel })).items;
  if (!pods.length) throw new CliError(`error: no pods found for ${r.singular}/${name}`); // wording approximates kubectl's polymorphic helper
  if (pods.length > 1) ctx.err(`Found ${pods.length} pods, using pod/${pods[0]!.metadata.name}\n`);
  return pods[0];
}

export function pickContainer(ctx: CommandContext, pod: Loose, wanted: string | undefined): string {
  const names: string[] = (pod.spec?.containers ?? []).map((c: Loose) => c.name);
  if (wanted) return wanted;
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated && names.includes(annotated)) return annotated;
  if (names.length > 1) ctx.err(`Defaulted container "${names[0]}" out of: ${names.join(', ')}\n`);
  return names[0] ?? '';
}
