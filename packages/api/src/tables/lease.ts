/** Lease printer: HOLDER is spec.holderIdentity (node name for node heartbeats). */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, column, nameColumn, spec } from './common.ts';

export const leaseColumns: TableColumn[] = [
  nameColumn(),
  column('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'),
  ageColumn(),
];

export function leaseRow(obj: KubeObject, now: number): unknown[] {
  return [obj.metadata?.name ?? '', spec(obj).holderIdentity ?? '', age(obj, now)];
}
