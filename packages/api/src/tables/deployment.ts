/** Deployment printer: READY is `ready/desired`; SELECTOR is Selector.String() ("" when empty). */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { labelSelectorFromSpec, labelSelectorToString } from '../labels.ts';
import { age, ageColumn, column, containersColumn, imagesColumn, int, layoutContainerCells, nameColumn, spec, status } from './common.ts';

export const deploymentColumns: TableColumn[] = [
  nameColumn(),
  column('Ready', 'string', 'Number of the pod with ready state'),
  column('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
  column('Available', 'string', 'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.'),
  ageColumn(),
  containersColumn(),
  imagesColumn(),
  column('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template\'s labels.', 1),
];

export function deploymentRow(obj: KubeObject, now: number): unknown[] {
  const sp = spec(obj);
  const st = status(obj);
  let selector: string;
  try {
    selector = labelSelectorToString(labelSelectorFromSpec(sp.selector));
  } catch {
    selector = '<invalid>';
  }
  const [names, images] = layoutContainerCells(sp.template?.spec?.containers);
  return [
    obj.metadata?.name ?? '',
    `${int(st.readyReplicas)}/${int(sp.replicas)}`,
    int(st.updatedReplicas),
    int(st.availableReplicas),
    age(obj, now),
    names,
    images,
    selector,
  ];
}
