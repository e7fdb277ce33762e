/**
 * meta.k8s.io/v1 Table assembly. kubectl 1.32 has no client-side printer for built-in kinds,
 * so these objects are what `kubectl get` shows; rows carry PartialObjectMetadata by default
 * because `-A`, `--show-labels` and `-L` read namespace/labels from it.
 */
import type { KubeObject, ObjectMeta } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableRowCondition {
  type: 'Completed';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions?: TableColumn[];
  rows: TableRow[];
}

export interface BuildTableOptions {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  /** Watch events after the first omit the headers (apiserver sets NoHeaders). */
  noHeaders?: boolean;
  /** `?includeObject=`; upstream's default is Metadata. */
  includeObject?: IncludeObject;
  /** Row conditions (pods mark Succeeded/Failed rows Completed). */
  conditions?: (obj: KubeObject) => TableRowCondition[] | undefined;
}

export function partialObjectMetadata(obj: KubeObject): { kind: 'PartialObjectMetadata'; apiVersion: 'meta.k8s.io/v1'; metadata: ObjectMeta } {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

export function buildTable(
  columns: TableColumn[],
  objects: KubeObject[],
  row: (obj: KubeObject, now: number) => unknown[],
  now: number,
  opts: BuildTableOptions = {},
): Table {
  const include = opts.includeObject ?? 'Metadata';
  const metadata: Table['metadata'] = {};
  if (opts.resourceVersion !== undefined) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  const table: Table = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, rows: [] };
  if (!opts.noHeaders) table.columnDefinitions = columns;
  for (const obj of objects) {
    const r: TableRow = { cells: row(obj, now) };
    const conds = opts.conditions?.(obj);
    if (conds) r.conditions = conds;
    if (include === 'Metadata') r.object = partialObjectMetadata(obj);
    else if (include === 'Object') r.object = obj;
    table.rows.push(r);
  }
  return table;
}
