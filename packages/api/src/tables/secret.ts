/** Secret printer: TYPE and the number of data keys (stringData is merged into data on write). */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, column, nameColumn } from './common.ts';

export const secretColumns: TableColumn[] = [
  nameColumn(),
  column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
  column('Data', 'string', 'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'.'),
  ageColumn(),
];

export function secretRow(obj: KubeObject, now: number): unknown[] {
  return [obj.metadata?.name ?? '', (obj.type as string | undefined) ?? '', Object.keys((obj.data as object | undefined) ?? {}).length, age(obj, now)];
}
