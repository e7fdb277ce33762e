/**
 * The server's meta.k8s.io Table, printed the way kubectl's HumanReadablePrinter prints it:
 * uppercased headers; priority>0 columns only with -o wide; NAMESPACE first with -A and
 * LABELS last with --show-labels (both taken from each row's PartialObjectMetadata); the
 * name cell prefixed `kind/` when several kinds share one output. Alignment is TabWriter's.
 */
import type { ObjectMeta } from '@skiff/api';

export interface TableColumnDefinition {
  name: string;
  type: string;
  format?: string;
  priority?: number;
}

export interface TableRow {
  cells: unknown[];
  object?: { metadata?: ObjectMeta };
}

export interface Table {
  kind: 'Table';
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  columnDefinitions?: TableColumnDefinition[];
  rows?: TableRow[];
}

export interface TableOptions {
  wide?: boolean;
  withNamespace?: boolean;
  showLabels?: boolean;
  /** `pod`, `deployment.apps`: prefixes the name column (kubectl's WithKind). */
  kind?: string | undefined;
}

export function isTable(x: unknown): x is Table {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'Table';
}

/** kubectl prints cells with Go's fmt.Print: nil is `<nil>`, numbers and bools as they are. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** labels.FormatLabels: sorted `k=v` joined by commas, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

/** Indexes of the columns to show. */
function shown(columns: TableColumnDefinition[], o: TableOptions): number[] {
  return columns.flatMap((c, i) => ((c.priority ?? 0) === 0 || o.wide ? [i] : []));
}

export function headerCells(columns: TableColumnDefinition[], o: TableOptions): string[] {
  const cells = shown(columns, o).map((i) => columns[i]!.name.toUpperCase());
  if (o.withNamespace) cells.unshift('NAMESPACE');
  if (o.showLabels) cells.push('LABELS');
  return cells;
}

export function rowCells(columns: TableColumnDefinition[], row: TableRow, o: TableOptions): string[] {
  const cells = shown(columns, o).map((i) => {
    const text = cellText(row.cells[i]);
    const col = columns[i]!;
    return o.kind && col.format === 'name' && col.type === 'string' ? `${o.kind}/${text}` : text;
  });
  if (o.withNamespace) cells.unshift(row.object?.metadata?.namespace ?? '');
  if (o.showLabels) cells.push(formatLabels(row.object?.metadata?.labels));
  return cells;
}
