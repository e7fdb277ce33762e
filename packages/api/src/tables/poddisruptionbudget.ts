/** PodDisruptionBudget printer: MIN AVAILABLE / MAX UNAVAILABLE as IntOrString, `N/A` when unset. */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, column, int, nameColumn, spec, status } from './common.ts';

export const poddisruptionbudgetColumns: TableColumn[] = [
  nameColumn(),
  column('Min Available', 'string', 'The minimum number of pods that must be available.'),
  column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
  column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
  ageColumn(),
];

const intOrString = (v: unknown) => (v == null ? 'N/A' : String(v));

export function poddisruptionbudgetRow(obj: KubeObject, now: number): unknown[] {
  const sp = spec(obj);
  return [obj.metadata?.name ?? '', intOrString(sp.minAvailable), intOrString(sp.maxUnavailable), int(status(obj).disruptionsAllowed), age(obj, now)];
}
