/** ResourceClaim printer: STATE is a comma list of deleted / pending / allocated / reserved. */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, column, nameColumn, status } from './common.ts';

export const resourceclaimColumns: TableColumn[] = [
  nameColumn(),
  column('State', 'string', 'A summary of the current state (allocated, pending, reserved, etc.).'),
  ageColumn(),
];

export function resourceClaimState(obj: KubeObject): string {
  const st = status(obj);
  const deleted = Boolean(obj.metadata?.deletionTimestamp);
  const states: string[] = [];
  if (deleted) states.push('deleted');
  if (st.allocation == null) {
    if (!deleted) states.push('pending');
  } else {
    states.push('allocated');
    if ((st.reservedFor ?? []).length > 0) states.push('reserved');
  }
  return states.join(',');
}

export function resourceclaimRow(obj: KubeObject, now: number): unknown[] {
  return [obj.metadata?.name ?? '', resourceClaimState(obj), age(obj, now)];
}
