/**
 * `nvidia-smi --query-gpu=… --format=csv,noheader,nounits`: the only place compute capability
 * comes from, and the second source of everything else when the XML cannot be read.
 * Older drivers reject unknown fields ("compute_cap" before R510) and fail the whole query,
 * so a failed query is retried once with only the fields `--help-query-gpu` lists.
 */
import { CMD, QUERY_FIELDS, SMI } from './commands.ts';
import type { ToolRunner } from './types.ts';

export type QueryRow = Partial<Record<(typeof QUERY_FIELDS)[number], string>>;

const ABSENT = new Set(['', 'N/A', '[N/A]', '[Not Supported]', 'Not Supported', '[Unknown Error]']);

/** Splits rows of a noheader CSV into field → value, absent placeholders dropped. */
export function parseQueryCsv(csv: string, fields: readonly string[]): QueryRow[] {
  const rows: QueryRow[] = [];
  for (const line of csv.split('\n')) {
    if (!line.trim()) continue;
    const cells = line.split(',').map((c) => c.trim());
    // A row that does not have one cell per field is not the CSV we asked for.
    if (cells.length !== fields.length) throw new Error(`expected ${fields.length} columns, got ${cells.length}: ${line.slice(0, 80)}`);
    const row: Record<string, string> = {};
    fields.forEach((f, i) => {
      const v = cells[i]!;
      if (!ABSENT.has(v)) row[f] = v;
    });
    rows.push(row as QueryRow);
  }
  return rows;
}

export interface QueryResult {
  rows: QueryRow[];
  fields: readonly string[];
  code: number;
  stderr: string;
}

export async function queryGpus(runner: ToolRunner, timeoutMs: number): Promise<QueryResult> {
  let fields: readonly string[] = QUERY_FIELDS;
  let r = await runner.run(SMI, [...CMD.query(fields)], timeoutMs);
  if (r.code !== 0 && /not a valid field/i.test(r.stdout + r.stderr)) {
    const help = await runner.run(SMI, [...CMD.helpQuery], timeoutMs);
    fields = QUERY_FIELDS.filter((f) => help.stdout.includes(`"${f}"`));
    r = await runner.run(SMI, [...CMD.query(fields)], timeoutMs);
  }
  if (r.code !== 0) return { rows: [], fields, code: r.code, stderr: r.stderr || r.stdout };
  return { rows: parseQueryCsv(r.stdout, fields), fields, code: 0, stderr: r.stderr };
}
