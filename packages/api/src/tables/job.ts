/** Job printer: STATUS from conditions, COMPLETIONS `succeeded/completions`, DURATION. */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { humanDuration } from '../duration.ts';
import { formatLabelSelector } from '../labels.ts';
import { age, ageColumn, column, containersColumn, hasCondition, imagesColumn, int, layoutContainerCells, nameColumn, spec, status } from './common.ts';

export const jobColumns: TableColumn[] = [
  nameColumn(),
  column('Status', 'string', 'Status of the job.'),
  column('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
  column('Duration', 'string', 'Time required to complete the job.'),
  ageColumn(),
  containersColumn(),
  imagesColumn(),
  column('Selector', 'string', 'A label query over pods that should match the pod count.', 1),
];

export function jobStatus(obj: KubeObject): string {
  const conds = status(obj).conditions;
  if (hasCondition(conds, 'Complete')) return 'Complete';
  if (hasCondition(conds, 'Failed')) return 'Failed';
  if (obj.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(conds, 'Suspended')) return 'Suspended';
  if (hasCondition(conds, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export function jobRow(obj: KubeObject, now: number): unknown[] {
  const sp = spec(obj);
  const st = status(obj);
  const succeeded = int(st.succeeded);
  let completions: string;
  if (typeof sp.completions === 'number') completions = `${succeeded}/${sp.completions}`;
  else if (int(sp.parallelism) > 1) completions = `${succeeded}/1 of ${sp.parallelism}`;
  else completions = `${succeeded}/1`;
  let duration = '';
  if (st.startTime) {
    const start = Date.parse(st.startTime);
    duration = humanDuration((st.completionTime ? Date.parse(st.completionTime) : now) - start);
  }
  const [names, images] = layoutContainerCells(sp.template?.spec?.containers);
  return [obj.metadata?.name ?? '', jobStatus(obj), completions, duration, age(obj, now), names, images, formatLabelSelector(sp.selector)];
}
