/** ReplicaSet printer: DESIRED/CURRENT/READY integers; SELECTOR via FormatLabelSelector. */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { formatLabelSelector } from '../labels.ts';
import { age, ageColumn, column, containersColumn, imagesColumn, int, layoutContainerCells, nameColumn, spec, status } from './common.ts';

export const replicasetColumns: TableColumn[] = [
  nameColumn(),
  column('Desired', 'integer', 'Replicas is the number of desired pods.'),
  column('Current', 'integer', 'Replicas is the most recently observed number of non-terminating pods.'),
  column('Ready', 'integer', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'),
  ageColumn(),
  containersColumn(),
  imagesColumn(),
  column('Selector', 'string', 'Selector is a label query over pods that should match the replica count.', 1),
];

export function replicasetRow(obj: KubeObject, now: number): unknown[] {
  const sp = spec(obj);
  const st = status(obj);
  const [names, images] = layoutContainerCells(sp.template?.spec?.containers);
  return [
    obj.metadata?.name ?? '',
    int(sp.replicas),
    int(st.replicas),
    int(st.readyReplicas),
    age(obj, now),
    names,
    images,
    formatLabelSelector(sp.selector),
  ];
}
