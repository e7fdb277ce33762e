/**
 * `skiff api-resources`: the server's discovery as kubectl prints it: preferred versions
 * only, no subresources, sorted by group then name, columns NAME SHORTNAMES APIVERSION
 * NAMESPACED KIND (+ VERBS CATEGORIES with -o wide); -o name prints `pods`, `deployments.apps`.
 */
import type { Command } from 'commander';
import type { CommandContext, Register } from '../context.ts';
import type { ApiResource } from '../discovery.ts';
import { CliError } from '../errors.ts';
import { alignRows } from '../printers/tabwriter.ts';
import { qualifiedPlural } from '../resource-names.ts';

interface Flags {
  output?: string;
  namespaced?: string;
  apiGroup?: string;
  headers?: boolean;
}

export function sortResources(list: ApiResource[]): ApiResource[] {
  return [...list].sort((a, b) => (a.group === b.group ? (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0) : a.group < b.group ? -1 : 1));
}

export const registerApiResources: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('api-resources')
    .description('Print the supported API resources on the server')
    .option('-o, --output <format>', 'wide or name')
    .option('--namespaced <bool>', 'true: namespaced resources only; false: cluster-scoped only')
    .option('--api-group <group>', 'Limit to resources in the specified API group')
    .option('--no-headers', 'Do not print headers')
    .action(async (flags: Flags) => {
      if (flags.output && flags.output !== 'wide' && flags.output !== 'name') {
        throw new CliError(`error: --output ${flags.output} is not available`);
      }
      let list = (await ctx.discovery().all()).filter((r) => r.preferred && !r.plural.includes('/'));
      if (flags.namespaced !== undefined) list = list.filter((r) => String(r.namespaced) === flags.namespaced);
      if (flags.apiGroup !== undefined) list = list.filter((r) => r.group === flags.apiGroup);
      list = sortResources(list);
      if (flags.output === 'name') {
        ctx.out(list.map((r) => `${qualifiedPlural(r)}\n`).join(''));
        return;
      }
      const wide = flags.output === 'wide';
      const rows: string[][] = [];
      if (flags.headers !== false) rows.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])]);
      for (const r of list) {
        const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
        const row = [r.plural, r.shortNames.join(','), apiVersion, String(r.namespaced), r.kind];
        if (wide) row.push(`[${r.verbs.join(' ')}]`, r.categories.join(','));
        rows.push(row);
      }
      ctx.out(alignRows(rows));
    });
};
