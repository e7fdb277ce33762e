/** Node printer: STATUS from the Ready condition (+SchedulingDisabled), ROLES from labels. */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, column, nameColumn, spec, status } from './common.ts';
import type { Loose } from './common.ts';

export const nodeColumns: TableColumn[] = [
  nameColumn(),
  column('Status', 'string', 'The status of the node'),
  column('Roles', 'string', 'The roles of the node'),
  ageColumn(),
  column('Version', 'string', 'Kubelet Version reported by the node.'),
  column('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
  column('External-IP', 'string', 'List of addresses reachable to the node.', 1),
  column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
  column('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
  column('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
];

const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_LABEL_ROLE = 'kubernetes.io/role';

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and the legacy `kubernetes.io/role` value. */
export function findNodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === NODE_LABEL_ROLE && v !== '') roles.add(v);
  }
  // Upstream's set order is random; sorted keeps output stable.
  return [...roles].sort();
}

function address(st: Loose, type: string): string {
  return ((st.addresses ?? []) as Loose[]).find((a) => a.type === type)?.address ?? '<none>';
}

export function nodeRow(obj: KubeObject, now: number): unknown[] {
  const st = status(obj);
  const info: Loose = st.nodeInfo ?? {};
  // Go builds a map by type, so the last Ready condition wins.
  const ready = ((st.conditions ?? []) as Loose[]).filter((c) => c.type === 'Ready').at(-1);
  const states: string[] = [];
  if (ready) states.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (states.length === 0) states.push('Unknown');
  if (spec(obj).unschedulable) states.push('SchedulingDisabled');
  const roles = findNodeRoles(obj.metadata?.labels).join(',');
  return [
    obj.metadata?.name ?? '',
    states.join(','),
    roles || '<none>',
    age(obj, now),
    info.kubeletVersion ?? '',
    address(st, 'InternalIP'),
    address(st, 'ExternalIP'),
    info.osImage || '<unknown>',
    info.kernelVersion || '<unknown>',
    info.containerRuntimeVersion || '<unknown>',
  ];
}
