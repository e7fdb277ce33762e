/** DeviceClass printer: name and age only, as upstream. */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, nameColumn } from './common.ts';

export const deviceclassColumns: TableColumn[] = [nameColumn(), ageColumn()];

export function deviceclassRow(obj: KubeObject, now: number): unknown[] {
  return [obj.metadata?.name ?? '', age(obj, now)];
}
