/** Service printer: CLUSTER-IP, EXTERNAL-IP per type, PORT(S) `80:30080/TCP`, SELECTOR. */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { formatLabels } from '../labels.ts';
import { age, ageColumn, column, nameColumn, spec, status } from './common.ts';
import type { Loose } from './common.ts';

export const serviceColumns: TableColumn[] = [
  nameColumn(),
  column('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP.'),
  column('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
  column('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
  column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
  ageColumn(),
  column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
];

/** loadBalancerStatusStringer (wide): IPs, else hostnames, de-duplicated. */
function loadBalancerIngress(st: Loose): string {
  const seen = new Set<string>();
  for (const ing of (st.loadBalancer?.ingress ?? []) as Loose[]) {
    if (ing.ip) seen.add(ing.ip);
    else if (ing.hostname) seen.add(ing.hostname);
  }
  return [...seen].join(',');
}

export function serviceExternalIP(obj: KubeObject): string {
  const sp = spec(obj);
  const externalIPs: string[] = sp.externalIPs ?? [];
  switch (sp.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(status(obj));
      if (externalIPs.length) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return sp.externalName ?? '';
  }
  return '<unknown>';
}

export function makePortString(ports: Loose[] | undefined): string {
  return (ports ?? [])
    .map((p) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`))
    .join(',');
}

export function serviceRow(obj: KubeObject, now: number): unknown[] {
  const sp = spec(obj);
  const clusterIP: string = sp.clusterIPs?.[0] ?? sp.clusterIP ?? '';
  const ports = makePortString(sp.ports);
  return [
    obj.metadata?.name ?? '',
    sp.type ?? '',
    clusterIP || '<none>',
    serviceExternalIP(obj),
    ports || '<none>',
    age(obj, now),
    formatLabels(sp.selector),
  ];
}
