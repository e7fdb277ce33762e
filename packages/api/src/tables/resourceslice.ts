/** ResourceSlice printer: NODE (empty for allNodes/nodeSelector slices), DRIVER, POOL. */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, column, nameColumn, spec } from './common.ts';

export const resourcesliceColumns: TableColumn[] = [
  nameColumn(),
  column('Node', 'string', 'NodeName identifies the node which provides the resources in this pool.'),
  column('Driver', 'string', 'Driver identifies the DRA driver providing the capacity information.'),
  column('Pool', 'string', 'Name is used to identify the pool.'),
  ageColumn(),
];

export function resourcesliceRow(obj: KubeObject, now: number): unknown[] {
  const sp = spec(obj);
  return [obj.metadata?.name ?? '', sp.nodeName ?? '', sp.driver ?? '', sp.pool?.name ?? '', age(obj, now)];
}
