/**
 * Workload (scheduling.k8s.io gang API, alpha) printer. No upstream handler in the
 * printers.go versions we read: Name + Age like other bare kinds.
 */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, nameColumn } from './common.ts';

export const workloadColumns: TableColumn[] = [nameColumn(), ageColumn()];

export function workloadRow(obj: KubeObject, now: number): unknown[] {
  return [obj.metadata?.name ?? '', age(obj, now)];
}
