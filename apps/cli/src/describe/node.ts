/**
 * describeNode from kubectl's describe.go: lease, conditions, capacity, the non-terminated
 * pods on the node with their requests as a share of allocatable, and the totals (extended
 * resources such as nvidia.com/gpu listed by name, without percentages, as kubectl does).
 */
import { addQuantities, formatQuantity, parseQuantity, type Quantity } from '@skiff/api';
import type { RestClient } from '@skiff/client';
import type { PrefixWriter } from '../printers/go-tabwriter.ts';
import { annotationsMultiline, labelsMultiline, listMultiline, rfc1123z, since, taintText, type Loose } from './format.ts';

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);

/** PodRequestsAndLimits: the sum over containers, or the largest init container if larger. */
function podTotals(pod: Loose, field: 'requests' | 'limits'): Map<string, Quantity> {
  const total = new Map<string, Quantity>();
  for (const c of pod.spec?.containers ?? []) {
    for (const [k, v] of Object.entries(c.resources?.[field] ?? {})) total.set(k, addQuantities(total.get(k) ?? 0, String(v)));
  }
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [k, v] of Object.entries(c.resources?.[field] ?? {})) {
      const q = parseQuantity(String(v));
      if (!total.has(k) || q.cmp(total.get(k)!) > 0) total.set(k, q);
    }
  }
  return total;
}

const pct = (q: Quantity | undefined, of: Quantity | undefined): number => {
  const denom = of?.toMilli() ?? 0;
  return denom ? Math.trunc(((q?.toMilli() ?? 0) / denom) * 100) : 0;
};

export async function describeNode(w: PrefixWriter, node: Loose, client: RestClient): Promise<void> {
  const m = node.metadata;
  const st = node.status ?? {};
  w.write(0, `Name:\t${m.name}\n`);
  const roles = Object.keys(m.labels ?? {})
    .map((k) => (k.startsWith('node-role.kubernetes.io/') ? k.slice('node-role.kubernetes.io/'.length) : k === 'kubernetes.io/role' ? m.labels[k] : undefined))
    .filter((r): r is string => Boolean(r))
    .sort();
  w.write(0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  labelsMultiline(w, 'Labels', m.labels);
  annotationsMultiline(w, 'Annotations', m.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`);
  listMultiline(w, 'Taints', (node.spec?.taints ?? []).map(taintText));
  w.write(0, `Unschedulable:\t${Boolean(node.spec?.unschedulable)}\n`);
  try {
    const lease = await client.requestJson<Loose>(`/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${m.name}`);
    w.write(0, 'Lease:\n');
    w.write(1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
    w.write(1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
    w.write(1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
  } catch (e) {
    w.write(0, `Lease:\tFailed to get lease: ${(e as { status?: { message?: string } }).status?.message ?? String(e)}\n`);
  }
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of st.conditions) {
      w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of st.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  for (const [title, list] of [['Capacity', st.capacity], ['Allocatable', st.allocatable]] as const) {
    if (!Object.keys(list ?? {}).length) continue;
    w.write(0, `${title}:\n`);
    for (const k of Object.keys(list).sort()) w.write(1, `${k}:\t${formatQuantity(String(list[k]))}\n`);
  }
  const i = st.nodeInfo ?? {};
  w.write(0, 'System Info:\n');
  for (const [k, v] of [['Machine ID', i.machineID], ['System UUID', i.systemUUID], ['Boot ID', i.bootID], ['Kernel Version', i.kernelVersion], ['OS Image', i.osImage], ['Operating System', i.operatingSystem], ['Architecture', i.architecture], ['Container Runtime Version', i.containerRuntimeVersion], ['Kubelet Version', i.kubeletVersion], ['Kube-Proxy Version', i.kubeProxyVersion]]) {
    w.write(0, `  ${k}:\t${v ?? ''}\n`);
  }
  if (node.spec?.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec?.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);
  let pods: Loose[];
  try {
    const list = await client.requestJson<Loose>('/api/v1/pods', {
      query: { fieldSelector: `spec.nodeName=${m.name},status.phase!=Failed,status.phase!=Succeeded`, limit: 500 },
    });
    pods = list.items ?? [];
  } catch {
    return;
  }
  const alloc = Object.keys(st.allocatable ?? {}).length ? st.allocatable : (st.capacity ?? {});
  const q = (k: string): Quantity | undefined => (alloc[k] != null ? parseQuantity(String(alloc[k])) : undefined);
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const reqs = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  for (const p of pods) {
    const r = podTotals(p, 'requests');
    const l = podTotals(p, 'limits');
    for (const [k, v] of r) reqs.set(k, addQuantities(reqs.get(k) ?? 0, v));
    for (const [k, v] of l) limits.set(k, addQuantities(limits.get(k) ?? 0, v));
    const cell = (x: Quantity | undefined, k: string): string => `${formatQuantity(x ?? 0)} (${pct(x, q(k))}%)`;
    w.write(1, `${p.metadata.namespace}\t${p.metadata.name}\t\t${cell(r.get('cpu'), 'cpu')}\t${cell(l.get('cpu'), 'cpu')}\t${cell(r.get('memory'), 'memory')}\t${cell(l.get('memory'), 'memory')}\t${since(p.metadata.creationTimestamp)}\n`);
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  for (const k of ['cpu', 'memory', 'ephemeral-storage']) {
    const r = reqs.get(k);
    const l = limits.get(k);
    w.write(1, `${k}\t${formatQuantity(r ?? 0)} (${pct(r, q(k))}%)\t${formatQuantity(l ?? 0)} (${pct(l, q(k))}%)\n`);
  }
  const ext = Object.keys(alloc).filter((k) => !STANDARD.has(k) && !k.startsWith('hugepages-') && k.includes('/')).sort();
  for (const k of ext) w.write(1, `${k}\t${formatQuantity(reqs.get(k) ?? 0)}\t${formatQuantity(limits.get(k) ?? 0)}\n`);
}
