/** Namespace printer: STATUS is status.phase (Active/Terminating). */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, column, nameColumn, status } from './common.ts';

export const namespaceColumns: TableColumn[] = [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()];

export function namespaceRow(obj: KubeObject, now: number): unknown[] {
  return [obj.metadata?.name ?? '', status(obj).phase ?? '', age(obj, now)];
}
