/**
 * `skiff logs POD|TYPE/NAME [-c C] [-f] [--tail N] [--timestamps] [--previous] [--since D]`
 * and `skiff logs -l SELECTOR`: GET …/pods/NAME/log with kubectl's query, the body copied to
 * stdout as it arrives (so -f streams until the server closes or Ctrl-C).
 */
import type { Command } from 'commander';
import type { KubeObject } from '@skiff/api';
import { aborted } from '../io.ts';
import type { CommandContext, Register } from '../context.ts';
import type { Loose } from '../describe/format.ts';
import { CliError } from '../errors.ts';
import { pickContainer, POD_REF, resolvePod } from './pod-target.ts';

interface LogsFlags {
  container?: string;
  follow?: boolean;
  tail?: string;
  timestamps?: boolean;
  previous?: boolean;
  selector?: string;
  since?: string;
  prefix?: boolean;
  allContainers?: boolean;
}

function seconds(d: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(d);
  if (!m) throw new CliError(`error: invalid argument "${d}" for "--since" flag: time: invalid duration "${d}"`);
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

async function stream(ctx: CommandContext, pod: Loose, container: string, f: LogsFlags, prefix: string): Promise<void> {
  const client = ctx.connection().client;
  const tail = f.tail !== undefined && Number(f.tail) >= 0 ? Number(f.tail) : undefined;
  const query = {
    container,
    follow: f.follow || undefined,
    previous: f.previous || undefined,
    sinceSeconds: f.since ? seconds(f.since) : undefined,
    tailLines: tail,
    timestamps: f.timestamps || undefined,
  };
  const ac = new AbortController();
  void aborted(ctx.io.signal).then(() => ac.abort());
  const res = await client.request(`/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/log`, { query, stream: true, accept: '*/*', signal: ac.signal });
  const decoder = new TextDecoder();
  let partial = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const text = partial + decoder.decode(chunk, { stream: true });
      if (!prefix) {
        ctx.out(text);
        continue;
      }
      const lines = text.split('\n');
      partial = lines.pop()!;
      for (const l of lines) ctx.out(`${prefix}${l}\n`);
    }
  } catch (e) {
    if (!ac.signal.aborted) throw e;
  }
  if (partial) ctx.out(`${prefix}${partial}`);
}

async function runLogs(ctx: CommandContext, args: string[], f: LogsFlags): Promise<void> {
  if (f.selector) {
    if (args.length) throw new CliError('error: only a selector (-l) or a POD name is allowed');
    const conn = ctx.connection();
    const pods = (await conn.client.list<KubeObject>(POD_REF, { namespace: conn.namespace, labelSelector: f.selector })).items;
    if (!pods.length) return ctx.err(`No resources found in ${conn.namespace} namespace.\n`);
    // kubectl follows at most 5 pods at once (--max-log-requests); we read them all concurrently.
    const runs = pods.map((p) => {
      const c = pickContainer(ctx, p, f.container);
      return stream(ctx, p, c, f, f.prefix ? `[pod/${p.metadata.name}/${c}] ` : '');
    });
    await Promise.all(runs);
    return;
  }
  if (args.length !== 1) throw new CliError('error: expected POD_NAME or TYPE/NAME (and, optionally, a container name)');
  const pod = await resolvePod(ctx, args[0]!);
  await stream(ctx, pod, pickContainer(ctx, pod, f.container), f, '');
}

export const registerLogs: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('logs')
    .description('Print the logs for a container in a pod')
    .argument('[args...]', 'POD | TYPE/NAME')
    .option('-c, --container <name>', 'Print the logs of this container')
    .option('-f, --follow', 'Specify if the logs should be streamed')
    .option('--tail <lines>', 'Lines of recent log file to display (-1: all)')
    .option('--timestamps', 'Include timestamps on each line in the log output')
    .option('-p, --previous', 'Print the logs for the previous instance of the container')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--since <duration>', 'Only return logs newer than a relative duration like 5s, 2m, or 3h')
    .option('--prefix', 'Prefix each log line with the log source (pod name and container name)')
    .action((args: string[], f: LogsFlags) => runLogs(ctx, args, f));
};
