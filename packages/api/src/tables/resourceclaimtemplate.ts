/** ResourceClaimTemplate printer: name and age only, as upstream. */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, nameColumn } from './common.ts';

export const resourceclaimtemplateColumns: TableColumn[] = [nameColumn(), ageColumn()];

export function resourceclaimtemplateRow(obj: KubeObject, now: number): unknown[] {
  return [obj.metadata?.name ?? '', age(obj, now)];
}
