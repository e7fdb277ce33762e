/**
 * `get -w`: print the current table, then one row per change, as kubectl does: a Table watch
 * from the list's resourceVersion (the server sends one-row Tables, column definitions only
 * in the first event), rows aligned by the same remembering TabWriter, exit 0 when the server
 * ends the stream. Ctrl-C (or the io signal in tests) stops it.
 */
import { LineDecoder, resourcePath } from '@skiff/client';
import type { CommandContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { listTable, namespaceFor, TABLE_ACCEPT, type Selection } from '../fetch.ts';
import { headerCells, isTable, rowCells, type TableColumnDefinition } from '../printers/table.ts';
import { TabWriter } from '../printers/tabwriter.ts';
import type { ResourceRequest } from '../resource-args.ts';
import type { GetFlags } from './get.ts';
import { tableOptions } from './get-table.ts';

export async function watchTables(ctx: CommandContext, reqs: ResourceRequest[], sel: Selection, flags: GetFlags): Promise<string[]> {
  if (reqs.length !== 1 || reqs[0]!.names.length > 1) {
    throw new CliError(`error: watch is only supported on individual resources and resource collections, but ${reqs.length > 1 ? reqs.length : reqs[0]!.names.length} resources were found`);
  }
  if (flags.output && flags.output !== 'wide') throw new CliError(`error: watch supports only table output (-o wide), not -o ${flags.output}`);
  const req = reqs[0]!;
  const client = ctx.connection().client;
  const name = req.names[0];
  const fieldSelector = [sel.fieldSelector, name && `metadata.name=${name}`].filter(Boolean).join(',') || undefined;
  const scoped: Selection = { ...sel, fieldSelector };
  const o = tableOptions(req, reqs, sel, flags);
  const tw = new TabWriter((t) => ctx.out(t));
  let columns: TableColumnDefinition[] | undefined;

  const initial = await listTable(client, req.resource, scoped);
  if (name && !initial.rows?.length) throw new CliError(`Error from server (NotFound): ${req.resource.plural} "${name}" not found`);
  if (!flags.watchOnly && initial.rows?.length) {
    columns = initial.columnDefinitions ?? [];
    tw.row(headerCells(columns, o));
    for (const row of initial.rows) tw.row(rowCells(columns, row, o));
    tw.flush();
  }
  const ac = new AbortController();
  const stop = (): void => ac.abort();
  ctx.io.signal?.addEventListener('abort', stop, { once: true });
  try {
    const path = resourcePath(req.resource, { namespace: namespaceFor(req.resource, sel) });
    const query = { watch: 'true', resourceVersion: initial.metadata?.resourceVersion, labelSelector: scoped.labelSelector, fieldSelector };
    const res = await client.request(path, { accept: TABLE_ACCEPT, query, stream: true, signal: ac.signal });
    const lines = new LineDecoder();
    for await (const chunk of res.body ?? []) {
      for (const line of lines.push(chunk as Uint8Array)) {
        const ev = JSON.parse(line) as { type: string; object: unknown };
        if (ev.type === 'ERROR') throw new CliError(`error: ${(ev.object as { message?: string }).message ?? 'watch failed'}`);
        if (ev.type === 'BOOKMARK' || !isTable(ev.object)) continue;
        const t = ev.object;
        const cols = t.columnDefinitions ?? columns ?? [];
        if (!columns) tw.row(headerCells(cols, o));
        columns = cols;
        for (const row of t.rows ?? []) tw.row(rowCells(cols, row, o));
        tw.flush();
      }
    }
  } catch (e) {
    if (!ac.signal.aborted) throw e;
  } finally {
    ctx.io.signal?.removeEventListener('abort', stop);
  }
  return [];
}
