/**
 * describeDeployment from kubectl's describe.go, with the old/new ReplicaSets kubectl finds by
 * the deployment's selector and ownership (the newest matching the pod template is "new").
 */
import type { RestClient } from '@skiff/client';
import type { PrefixWriter } from '../printers/go-tabwriter.ts';
import { describeContainers, describeVolumes } from './containers.ts';
import { annotationsMultiline, labelsMultiline, listMultiline, rfc1123z, tolerationText, type Loose } from './format.ts';

function selectorText(sel: Loose): string {
  const parts = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).sort();
  for (const e of sel?.matchExpressions ?? []) {
    const op = String(e.operator).toLowerCase();
    if (op === 'exists') parts.push(e.key);
    else if (op === 'doesnotexist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${op === 'in' ? 'in' : 'notin'} (${[...(e.values ?? [])].sort().join(',')})`);
  }
  return parts.join(',');
}

export function describePodTemplate(w: PrefixWriter, t: Loose): void {
  w.write(0, 'Pod Template:\n');
  if (!t) return w.write(1, '<unset>');
  labelsMultiline(w, '  Labels', t.metadata?.labels);
  if (Object.keys(t.metadata?.annotations ?? {}).length) annotationsMultiline(w, '  Annotations', t.metadata.annotations);
  const spec = t.spec ?? {};
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) describeContainers(w, 'Init Containers', spec.initContainers, undefined, '  ');
  describeContainers(w, 'Containers', spec.containers ?? [], undefined, '  ');
  describeVolumes(w, spec.volumes, '  ');
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  labelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  listMultiline(w, '  Tolerations', (spec.tolerations ?? []).map(tolerationText));
}

async function replicaSets(client: RestClient, d: Loose): Promise<{ old: Loose[]; current: Loose | undefined }> {
  try {
    const list = await client.requestJson<Loose>(`/apis/apps/v1/namespaces/${d.metadata.namespace}/replicasets`, {
      query: { labelSelector: selectorText(d.spec?.selector), limit: 500 },
    });
    const owned = (list.items ?? []).filter((rs: Loose) => (rs.metadata.ownerReferences ?? []).some((o: Loose) => o.controller && o.uid === d.metadata.uid));
    owned.sort((a: Loose, b: Loose) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
    const hash = (rs: Loose): string | undefined => rs.metadata.labels?.['pod-template-hash'];
    const sameTemplate = (rs: Loose): boolean => {
      const strip = (t: Loose): string => {
        const c = structuredClone(t ?? {});
        if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
        return JSON.stringify(c);
      };
      return strip(rs.spec?.template) === strip(d.spec?.template);
    };
    const current = owned.find(sameTemplate) ?? owned.find((rs: Loose) => hash(rs) && hash(rs) === d.spec?.template?.metadata?.labels?.['pod-template-hash']);
    return { old: owned.filter((rs: Loose) => rs !== current && (rs.spec?.replicas ?? 0) > 0), current };
  } catch {
    return { old: [], current: undefined };
  }
}

const rsLine = (rs: Loose): string => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`;

export async function describeDeployment(w: PrefixWriter, d: Loose, client: RestClient): Promise<void> {
  const m = d.metadata;
  const spec = d.spec ?? {};
  const st = d.status ?? {};
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`);
  labelsMultiline(w, 'Labels', m.labels);
  annotationsMultiline(w, 'Annotations', m.annotations);
  w.write(0, `Selector:\t${selectorText(spec.selector)}\n`);
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  w.write(0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) w.write(0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? ''} max unavailable, ${ru.maxSurge ?? ''} max surge\n`);
  describePodTemplate(w, spec.template);
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of st.conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const { old, current } = await replicaSets(client, d);
  if (old.length || current) {
    w.write(0, `OldReplicaSets:\t${old.length ? old.map(rsLine).join(', ') : '<none>'}\n`);
    w.write(0, `NewReplicaSet:\t${current ? rsLine(current) : '<none>'}\n`);
  }
}
