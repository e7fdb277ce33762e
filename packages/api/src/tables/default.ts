/** DefaultTableConvertor: what upstream prints for kinds without a printer (CRDs). */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { CREATION_TIMESTAMP_DESCRIPTION, nameColumn } from './common.ts';

export const defaultColumns: TableColumn[] = [
  nameColumn(),
  { name: 'Created At', type: 'date', format: '', description: CREATION_TIMESTAMP_DESCRIPTION, priority: 0 },
];

/** Cells: name and the RFC 3339 creation timestamp (kubectl renders `date` columns as an age). */
export function defaultRow(obj: KubeObject, _now: number): unknown[] {
  const ts = obj.metadata?.creationTimestamp;
  return [obj.metadata?.name ?? '', ts ? new Date(ts).toISOString().replace('.000Z', 'Z') : null];
}
