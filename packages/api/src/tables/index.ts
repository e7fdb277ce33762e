/** All printers, and a lookup by Kind for the registry (kinds without one use the default). */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { configmapColumns, configmapRow } from './configmap.ts';
import { defaultColumns, defaultRow } from './default.ts';
import { deploymentColumns, deploymentRow } from './deployment.ts';
import { deviceclassColumns, deviceclassRow } from './deviceclass.ts';
import { endpointsliceColumns, endpointsliceRow } from './endpointslice.ts';
import { eventColumns, eventRow } from './event.ts';
import { jobColumns, jobRow } from './job.ts';
import { leaseColumns, leaseRow } from './lease.ts';
import { metricsColumns, nodeMetricsRow, podMetricsRow } from './metrics.ts';
import { namespaceColumns, namespaceRow } from './namespace.ts';
import { nodeColumns, nodeRow } from './node.ts';
import { podColumns, podRow } from './pod.ts';
import { poddisruptionbudgetColumns, poddisruptionbudgetRow } from './poddisruptionbudget.ts';
import { podgroupColumns, podgroupRow } from './podgroup.ts';
import { priorityclassColumns, priorityclassRow } from './priorityclass.ts';
import { replicasetColumns, replicasetRow } from './replicaset.ts';
import { resourceclaimColumns, resourceclaimRow } from './resourceclaim.ts';
import { resourceclaimtemplateColumns, resourceclaimtemplateRow } from './resourceclaimtemplate.ts';
import { resourcesliceColumns, resourcesliceRow } from './resourceslice.ts';
import { secretColumns, secretRow } from './secret.ts';
import { serviceColumns, serviceRow } from './service.ts';
import { workloadColumns, workloadRow } from './workload.ts';

export * from './table.ts';
export { podColumns, podRow, podRowConditions } from './pod.ts';
export { nodeColumns, nodeRow, findNodeRoles } from './node.ts';
export { deploymentColumns, deploymentRow } from './deployment.ts';
export { replicasetColumns, replicasetRow } from './replicaset.ts';
export { jobColumns, jobRow, jobStatus } from './job.ts';
export { serviceColumns, serviceRow, serviceExternalIP, makePortString } from './service.ts';
export { namespaceColumns, namespaceRow } from './namespace.ts';
export { eventColumns, eventRow } from './event.ts';
export { configmapColumns, configmapRow } from './configmap.ts';
export { secretColumns, secretRow } from './secret.ts';
export { endpointsliceColumns, endpointsliceRow } from './endpointslice.ts';
export { leaseColumns, leaseRow } from './lease.ts';
export { resourceclaimColumns, resourceclaimRow, resourceClaimState } from './resourceclaim.ts';
export { resourceclaimtemplateColumns, resourceclaimtemplateRow } from './resourceclaimtemplate.ts';
export { deviceclassColumns, deviceclassRow } from './deviceclass.ts';
export { resourcesliceColumns, resourcesliceRow } from './resourceslice.ts';
export { priorityclassColumns, priorityclassRow } from './priorityclass.ts';
export { poddisruptionbudgetColumns, poddisruptionbudgetRow } from './poddisruptionbudget.ts';
export { podgroupColumns, podgroupRow } from './podgroup.ts';
export { workloadColumns, workloadRow } from './workload.ts';
export { defaultColumns, defaultRow } from './default.ts';

export interface TablePrinter {
  columns: TableColumn[];
  row(obj: KubeObject, now: number): unknown[];
}

const PRINTERS: Record<string, TablePrinter> = {
  Pod: { columns: podColumns, row: podRow },
  Node: { columns: nodeColumns, row: nodeRow },
  Deployment: { columns: deploymentColumns, row: deploymentRow },
  ReplicaSet: { columns: replicasetColumns, row: replicasetRow },
  Job: { columns: jobColumns, row: jobRow },
  Service: { columns: serviceColumns, row: serviceRow },
  Namespace: { columns: namespaceColumns, row: namespaceRow },
  Event: { columns: eventColumns, row: eventRow },
  ConfigMap: { columns: configmapColumns, row: configmapRow },
  Secret: { columns: secretColumns, row: secretRow },
  EndpointSlice: { columns: endpointsliceColumns, row: endpointsliceRow },
  Lease: { columns: leaseColumns, row: leaseRow },
  ResourceClaim: { columns: resourceclaimColumns, row: resourceclaimRow },
  ResourceClaimTemplate: { columns: resourceclaimtemplateColumns, row: resourceclaimtemplateRow },
  DeviceClass: { columns: deviceclassColumns, row: deviceclassRow },
  ResourceSlice: { columns: resourcesliceColumns, row: resourcesliceRow },
  PriorityClass: { columns: priorityclassColumns, row: priorityclassRow },
  PodDisruptionBudget: { columns: poddisruptionbudgetColumns, row: poddisruptionbudgetRow },
  PodGroup: { columns: podgroupColumns, row: podgroupRow },
  Workload: { columns: workloadColumns, row: workloadRow },
  NodeMetrics: { columns: metricsColumns, row: nodeMetricsRow },
  PodMetrics: { columns: metricsColumns, row: podMetricsRow },
};

/** The printer for a Kind; the CRD-style default (Name, Created At) otherwise. */
export function printerFor(kind: string): TablePrinter {
  return Object.hasOwn(PRINTERS, kind) ? (PRINTERS[kind] as TablePrinter) : { columns: defaultColumns, row: defaultRow };
}
