/**
 * PodGroup (scheduling.k8s.io gang API, alpha) printer. Upstream printers.go has no
 * handler for it in the versions we read, so this is Name + Age like other bare kinds.
 */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, nameColumn } from './common.ts';

export const podgroupColumns: TableColumn[] = [nameColumn(), ageColumn()];

export function podgroupRow(obj: KubeObject, now: number): unknown[] {
  return [obj.metadata?.name ?? '', age(obj, now)];
}
