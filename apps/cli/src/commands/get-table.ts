/**
 * Human-readable `get`: one server Table per request, printed through one TabWriter. A new
 * kind starts a new header (and forgets column widths) after a blank line, names carry a
 * `kind/` prefix when several kinds are printed, and an empty result says
 * `No resources found in <ns> namespace.` on stderr, all as kubectl does.
 */
import { isNotFound } from '@skiff/client';
import type { CommandContext } from '../context.ts';
import { apiErrorLine } from '../errors.ts';
import { getTable, listTable, type Selection } from '../fetch.ts';
import { headerCells, rowCells, type Table, type TableColumnDefinition, type TableOptions } from '../printers/table.ts';
import { TabWriter } from '../printers/tabwriter.ts';
import { multipleKinds, type ResourceRequest } from '../resource-args.ts';
import { kindPrefix } from '../resource-names.ts';
import type { GetFlags } from './get.ts';
import { ApiError } from '@skiff/client';

export function tableOptions(req: ResourceRequest, reqs: ResourceRequest[], sel: Selection, flags: GetFlags): TableOptions {
  return {
    wide: flags.output === 'wide',
    withNamespace: sel.namespace === undefined && req.resource.namespaced,
    showLabels: Boolean(flags.showLabels),
    kind: multipleKinds(reqs) ? kindPrefix(req.resource) : undefined,
  };
}

/** Fetch the tables of one request; per-name failures become error lines. */
export async function tablesFor(ctx: CommandContext, req: ResourceRequest, sel: Selection, flags: GetFlags, errors: string[]): Promise<Table[]> {
  const client = ctx.connection().client;
  if (!req.names.length) return [await listTable(client, req.resource, sel)];
  const out: Table[] = [];
  for (const name of req.names) {
    try {
      out.push(await getTable(client, req.resource, name, sel));
    } catch (e) {
      if (!(e instanceof ApiError) || e.code === 0 || e.code === 401) throw e;
      if (!(flags.ignoreNotFound && isNotFound(e))) errors.push(apiErrorLine(e));
    }
  }
  return out;
}

export function noResourcesLine(reqs: ResourceRequest[], sel: Selection): string {
  const namespaced = sel.namespace !== undefined && reqs.every((r) => r.resource.namespaced);
  return namespaced ? `No resources found in ${sel.namespace} namespace.\n` : 'No resources found\n';
}

export async function printTables(ctx: CommandContext, reqs: ResourceRequest[], sel: Selection, flags: GetFlags): Promise<string[]> {
  const errors: string[] = [];
  let written = false;
  const tw = new TabWriter((t) => {
    written = true;
    ctx.out(t);
  });
  let last: ResourceRequest | undefined;
  let header: TableColumnDefinition[] | undefined;
  for (const req of reqs) {
    const tables = await tablesFor(ctx, req, sel, flags, errors);
    const o = tableOptions(req, reqs, sel, flags);
    if (last && last.resource !== req.resource) {
      tw.flush();
      tw.forgetWidths();
      header = undefined;
      if (written && tables.some((t) => t.rows?.length)) tw.raw('\n');
    }
    last = req;
    for (const t of tables) {
      const columns = t.columnDefinitions ?? header ?? [];
      if (!t.rows?.length) continue;
      if (!header && flags.headers !== false) tw.row(headerCells(columns, o));
      header = columns;
      for (const row of t.rows) tw.row(rowCells(columns, row, o));
    }
  }
  tw.flush();
  if (!written && !errors.length) ctx.err(noResourcesLine(reqs, sel));
  return errors;
}
