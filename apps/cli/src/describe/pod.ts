/** describePod from kubectl's describe.go, field for field and in the same order. */
import type { PrefixWriter } from '../printers/go-tabwriter.ts';
import { describeContainers, describeVolumes } from './containers.ts';
import { annotationsMultiline, controllerOf, labelsMultiline, listMultiline, rfc1123z, since, tolerationText, type Loose } from './format.ts';

export function describePod(w: PrefixWriter, pod: Loose): void {
  const m = pod.metadata;
  const spec = pod.spec ?? {};
  const st = pod.status ?? {};
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace}\n`);
  if (spec.priority != null) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  w.write(0, `Service Account:\t${spec.serviceAccountName ?? ''}\n`);
  w.write(0, `Node:\t${spec.nodeName ? `${spec.nodeName}/${st.hostIP ?? ''}` : '<none>'}\n`);
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  labelsMultiline(w, 'Labels', m.labels);
  annotationsMultiline(w, 'Annotations', m.annotations);
  if (m.deletionTimestamp) {
    w.write(0, `Status:\tTerminating (lasts ${since(m.deletionTimestamp)})\n`);
    w.write(0, `Termination Grace Period:\t${m.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${st.phase ?? ''}\n`);
  if (st.reason) w.write(0, `Reason:\t${st.reason}\n`);
  if (st.message) w.write(0, `Message:\t${st.message}\n`);
  w.write(0, `IP:\t${st.podIP ?? ''}\n`);
  const ips: Loose[] = st.podIPs ?? [];
  if (!ips.length) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
  }
  if (st.nominatedNodeName) w.write(0, `NominatedNodeName:\t${st.nominatedNodeName}\n`);
  const owner = controllerOf(m);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  if (spec.initContainers?.length) describeContainers(w, 'Init Containers', spec.initContainers, st.initContainerStatuses, '', pod);
  describeContainers(w, 'Containers', spec.containers ?? [], st.containerStatuses, '', pod);
  if (spec.readinessGates?.length) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of spec.readinessGates) {
      const c = (st.conditions ?? []).find((x: Loose) => x.type === g.conditionType);
      w.write(1, `${g.conditionType} \t${c?.status ?? '<none>'} \n`);
    }
  }
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of st.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec.volumes);
  if (spec.resourceClaims?.length) {
    // Not in kubectl 1.32: which DRA claims the pod uses (the GPU view users ask for).
    w.write(0, 'Resource Claims:\n');
    for (const rc of spec.resourceClaims) {
      const actual = (st.resourceClaimStatuses ?? []).find((x: Loose) => x.name === rc.name)?.resourceClaimName;
      w.write(1, `${rc.name}:\t${actual ?? rc.resourceClaimName ?? `<from template ${rc.resourceClaimTemplateName}>`}\n`);
    }
  }
  if (st.qosClass) w.write(0, `QoS Class:\t${st.qosClass}\n`);
  labelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  listMultiline(w, 'Tolerations', (spec.tolerations ?? []).map(tolerationText));
}
