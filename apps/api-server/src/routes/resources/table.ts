/** Server-side printing: objects → meta.k8s.io/v1 Table, as kubectl get requires (k8s-api.md 1.2). */
import type { KubeObject, ResourceType } from '@skiff/api';
import { str, type Query } from '../../http/query.ts';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function includeObjectFrom(q: Query): IncludeObject {
  const v = str(q, 'includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function rowObject(obj: Readonly<KubeObject>, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function tableRows(type: ResourceType, objs: readonly Readonly<KubeObject>[], now: number, include: IncludeObject): unknown[] {
  return objs.map((o) => {
    const row: Record<string, unknown> = { cells: type.row(o as KubeObject, now) };
    const ro = rowObject(o, include);
    if (ro !== undefined) row['object'] = ro;
    return row;
  });
}

export function toTable(
  type: ResourceType,
  objs: readonly Readonly<KubeObject>[],
  meta: { resourceVersion?: string; continue?: string; remainingItemCount?: number },
  now: number,
  include: IncludeObject,
  withColumns = true,
): Record<string, unknown> {
  const table: Record<string, unknown> = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: meta };
  if (withColumns) table['columnDefinitions'] = type.columns;
  table['rows'] = tableRows(type, objs, now, include);
  return table;
}
