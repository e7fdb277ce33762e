/**
 * `skiff top pod|pods|po [NAME | -l SEL]`, step by step as kubectl's RunTopPod: the metrics
 * (a get, or a list in the namespace or with -A across all), and when a list is empty,
 * kubectl's verifyEmptyMetrics — no pods at all is `No resources found…` on stderr (exit 0);
 * pods younger than two minutes `metrics not available yet`; an older one
 * `Metrics not available for pod ns/name, age: …`. Like kubectl, that check looks in the
 * current namespace even with -A.
 */
import { goDurationString, type Pod } from '@skiff/api';
import type { CommandContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { fetchPodMetrics } from './fetch.ts';
import { checkSortBy } from './nodes.ts';
import { podTable } from './pod-table.ts';
import { PODS } from './refs.ts';

export interface TopPodFlags {
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  containers?: boolean;
  headers: boolean;
  sortBy?: string;
  sum?: boolean;
}

const METRICS_CREATION_DELAY_MS = 2 * 60 * 1000;

async function whyEmpty(ctx: CommandContext, namespace: string, f: TopPodFlags, now: number): Promise<void> {
  const pods = (await ctx.connection().client.list<Pod>(PODS, { namespace, labelSelector: f.selector, fieldSelector: f.fieldSelector })).items;
  if (!pods.length) return;
  for (const p of pods) {
    const age = now - Date.parse(p.metadata.creationTimestamp ?? '');
    if (age > METRICS_CREATION_DELAY_MS) throw new CliError(`error: Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${goDurationString(age * 1e6)}`);
  }
  throw new CliError('error: metrics not available yet');
}

export async function runTopPods(ctx: CommandContext, names: string[], f: TopPodFlags, now = Date.now()): Promise<void> {
  if (names.length > 1) throw new CliError("error: pod [NAME | -l label]\nSee 'skiff top pod -h' for help and examples");
  const sortBy = checkSortBy(f.sortBy);
  const name = names[0];
  if (name && (f.selector || f.fieldSelector)) throw new CliError('error: only one of NAME or selector can be provided');
  const { client, namespace } = ctx.connection();
  const metrics = await fetchPodMetrics(client, { namespace: f.allNamespaces ? undefined : namespace, name, labelSelector: f.selector, fieldSelector: f.fieldSelector });
  if (!metrics.length) {
    await whyEmpty(ctx, namespace, f, now);
    ctx.err(f.allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
  }
  ctx.out(podTable(metrics, { noHeaders: !f.headers, sortBy, allNamespaces: Boolean(f.allNamespaces), containers: Boolean(f.containers), sum: Boolean(f.sum) }));
}
