/** ConfigMap printer: DATA counts data + binaryData keys. */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, column, nameColumn } from './common.ts';

export const configmapColumns: TableColumn[] = [
  nameColumn(),
  column('Data', 'string', 'Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'.'),
  ageColumn(),
];

export function configmapRow(obj: KubeObject, now: number): unknown[] {
  const n = Object.keys((obj.data as object | undefined) ?? {}).length + Object.keys((obj.binaryData as object | undefined) ?? {}).length;
  return [obj.metadata?.name ?? '', n, age(obj, now)];
}
