/**
 * `skiff get`: kubectl get's arguments, flags and output. Tables come from the server
 * (get-table.ts), -o yaml|json|name print objects (get-objects.ts), -w streams (get-watch.ts).
 * Like kubectl, one failing name does not stop the others: its error is printed and the
 * exit code is 1.
 */
import { Option, type Command } from 'commander';
import type { CommandContext, Register } from '../context.ts';
import { CliError, SilentExit } from '../errors.ts';
import { parseResourceArgs } from '../resource-args.ts';
import type { Selection } from '../fetch.ts';
import { printObjects, printTemplate } from './get-objects.ts';
import { parseOutput, TEMPLATE_FORMATS } from '../printers/output-format.ts';
import { printTables } from './get-table.ts';
import { watchTables } from './get-watch.ts';

export interface GetFlags {
  output?: string;
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  watch?: boolean;
  watchOnly?: boolean;
  showLabels?: boolean;
  ignoreNotFound?: boolean;
  showManagedFields?: boolean;
  /** --no-headers (commander's negation of `headers`). */
  headers?: boolean;
}

const OUTPUTS = ['', 'wide', 'yaml', 'json', 'name'];

async function runGet(ctx: CommandContext, args: string[], flags: GetFlags): Promise<void> {
  const format = parseOutput(flags.output, { plain: OUTPUTS, cwd: ctx.io.cwd, noHeaders: flags.headers === false });
  const output = format.type === 'plain' ? format.name : '';
  const conn = ctx.connection();
  const reqs = parseResourceArgs(await ctx.discovery().all(), args, 'get');
  if (flags.allNamespaces && reqs.some((r) => r.names.length && r.resource.namespaced)) {
    throw new CliError('error: a resource cannot be retrieved by name across all namespaces');
  }
  const sel: Selection = {
    namespace: flags.allNamespaces ? undefined : conn.namespace,
    labelSelector: flags.selector,
    fieldSelector: flags.fieldSelector,
  };
  let errors: string[];
  if (format.type === 'template') {
    if (flags.watch || flags.watchOnly) throw new CliError('error: --watch is not supported with -o jsonpath or custom-columns in skiff');
    errors = await printTemplate(ctx, reqs, sel, format.print, flags);
  } else if (flags.watch || flags.watchOnly) {
    errors = await watchTables(ctx, reqs, sel, flags);
  } else if (output === 'yaml' || output === 'json' || output === 'name') {
    errors = await printObjects(ctx, reqs, sel, output, flags);
  } else {
    errors = await printTables(ctx, reqs, sel, flags);
  }
  for (const e of errors) ctx.err(`${e}\n`);
  if (errors.length) throw new SilentExit(1);
}

export const registerGet: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('get')
    .description('Display one or many resources')
    .argument('[args...]', 'TYPE[.VERSION][.GROUP] [NAME ...] | TYPE[.VERSION][.GROUP]/NAME ...')
    .option('-o, --output <format>', `Output format: ${[...OUTPUTS.filter(Boolean), ...TEMPLATE_FORMATS].join('|')} (templates as FORMAT=…)`)
    .option('-l, --selector <selector>', 'Label selector (label query) to filter on')
    .option('--field-selector <selector>', 'Field selector to filter on')
    .option('-A, --all-namespaces', 'List the requested object(s) across all namespaces')
    .option('-w, --watch', 'After listing/getting the requested object, watch for changes')
    .addOption(new Option('--no-watch', '`--watch=false`, the default').hideHelp())
    .option('--watch-only', 'Watch for changes to the requested object(s), without listing/getting first')
    .option('--no-headers', 'When using the default or custom-column output format, don\'t print headers')
    .option('--show-labels', 'When printing, show all labels as the last column')
    .option('--show-managed-fields', 'Keep metadata.managedFields in -o yaml|json')
    .option('--ignore-not-found', 'Treat "resource not found" as a successful retrieval')
    .action((args: string[], flags: GetFlags) => runGet(ctx, args, flags));
};
