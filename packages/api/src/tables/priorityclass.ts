/** PriorityClass printer: VALUE, GLOBAL-DEFAULT, AGE, PREEMPTIONPOLICY (all priority 0 upstream). */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, column, int, nameColumn } from './common.ts';

export const priorityclassColumns: TableColumn[] = [
  nameColumn(),
  column('Value', 'integer', 'value represents the integer value of this priority class.'),
  column('Global-Default', 'boolean', 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.'),
  ageColumn(),
  column('PreemptionPolicy', 'string', 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
];

export function priorityclassRow(obj: KubeObject, now: number): unknown[] {
  return [obj.metadata?.name ?? '', int(obj.value), obj.globalDefault === true, age(obj, now), (obj.preemptionPolicy as string | undefined) ?? ''];
}
