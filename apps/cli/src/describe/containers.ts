/**
 * describeContainers and describeVolumes from kubectl's describe.go: shared by pods (with
 * statuses) and pod templates (deployments, without). Tabs decide alignment (go-tabwriter).
 */
import { formatQuantity } from '@skiff/api';
import type { PrefixWriter } from '../printers/go-tabwriter.ts';
import { rfc1123z, type Loose } from './format.ts';

function ports(list: Loose[] | undefined, field: 'containerPort' | 'hostPort'): string {
  if (!list?.length) return '<none>';
  return list.map((p) => `${p[field] ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
}

function state(w: PrefixWriter, name: string, s: Loose): void {
  if (s?.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(s.running.startedAt)}\n`);
  } else if (s?.terminated) {
    const t = s.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if (t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${name}:\tWaiting\n`);
    if (s?.waiting?.reason) w.write(3, `Reason:\t${s.waiting.reason}\n`);
  }
}

function resources(w: PrefixWriter, r: Loose): void {
  for (const [title, list] of [['Limits', r?.limits], ['Requests', r?.requests]] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (names.length) w.write(2, `${title}:\n`);
    for (const n of names) w.write(3, `${n}:\t${formatQuantity(String(list[n]))}\n`);
  }
}

function probe(p: Loose): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const h = p.httpGet;
    return `http-get ${(h.scheme ?? 'HTTP').toLowerCase()}://${h.host ?? ''}:${h.port}${h.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

/** ExtractFieldPathAsString for the paths a downward-API env var may name (empty for a template). */
function fieldValue(pod: Loose, path: string): string {
  if (!pod) return '';
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return pod.metadata?.[m[1]!]?.[m[2]!] ?? '';
  const v = path.split('.').reduce((o: Loose, k) => o?.[k], pod);
  return v == null ? '' : String(v);
}

function env(w: PrefixWriter, c: Loose, pod: Loose): void {
  const list: Loose[] = c.env ?? [];
  w.write(2, `Environment:${list.length ? '' : '\t<none>'}\n`);
  for (const e of list) {
    const vf = e.valueFrom;
    if (!vf) {
      String(e.value ?? '').split('\n').forEach((s, i) => w.write(3, i ? `\t${s}\n` : `${e.name}:\t${s}\n`));
    } else if (vf.fieldRef) w.write(3, `${e.name}:\t${fieldValue(pod, vf.fieldRef.fieldPath)} (${vf.fieldRef.apiVersion ?? ''}:${vf.fieldRef.fieldPath})\n`);
    else if (vf.resourceFieldRef) w.write(3, `${e.name}:\t${vf.resourceFieldRef.resource}\n`);
    else if (vf.secretKeyRef) w.write(3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${Boolean(vf.secretKeyRef.optional)}\n`);
    else if (vf.configMapKeyRef) w.write(3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${Boolean(vf.configMapKeyRef.optional)}\n`);
  }
}

function mounts(w: PrefixWriter, c: Loose): void {
  const list: Loose[] = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1));
  w.write(2, `Mounts:${list.length ? '' : '\t<none>'}\n`);
  for (const m of list) {
    const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path="${m.subPath}"`] : [])];
    w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
}

export function describeContainers(w: PrefixWriter, label: string, containers: Loose[], statuses: Loose[] | undefined, space = '', pod?: Loose): void {
  const byName = new Map((statuses ?? []).map((s: Loose) => [s.name, s]));
  w.write(0, `${space}${label}:\n`);
  // Templates (space "  ") indent names by one extra space: kubectl's nameIndent.
  const nameIndent = space ? ' ' : '';
  for (const c of containers) {
    const s = byName.get(c.name);
    w.write(1, `${nameIndent}${c.name}:\n`);
    if (s) w.write(2, `${nameIndent}Container ID:\t${s.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    if (s) w.write(2, `Image ID:\t${s.imageID ?? ''}\n`);
    const p = ports(c.ports, 'containerPort');
    w.write(2, `${p.includes(',') ? 'Ports' : 'Port'}:\t${p}\n`);
    const hp = ports(c.ports, 'hostPort');
    w.write(2, `${hp.includes(',') ? 'Host Ports' : 'Host Port'}:\t${hp}\n`);
    for (const [title, list] of [['Command', c.command], ['Args', c.args]] as const) {
      if (!list?.length) continue;
      w.write(2, `${title}:\n`);
      for (const a of list as string[]) for (const line of a.split('\n')) w.write(3, `${line}\n`);
    }
    if (s) {
      state(w, 'State', s.state);
      if (s.lastState?.terminated) state(w, 'Last State', s.lastState);
      w.write(2, `Ready:\t${s.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${s.restartCount ?? 0}\n`);
    }
    resources(w, c.resources);
    for (const [title, pr] of [['Liveness', c.livenessProbe], ['Readiness', c.readinessProbe], ['Startup', c.startupProbe]] as const) {
      if (pr) w.write(2, `${title}:\t${probe(pr)}\n`);
    }
    env(w, c, pod);
    mounts(w, c);
  }
}

export function describeVolumes(w: PrefixWriter, volumes: Loose[] | undefined, space = ''): void {
  if (!volumes?.length) return w.write(0, `${space}Volumes:\t<none>\n`);
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    const body = (lines: [string, unknown][]): void => lines.forEach(([k, val]) => w.write(2, `${k}:\t${val}\n`));
    if (v.emptyDir) body([['Type', "EmptyDir (a temporary directory that shares a pod's lifetime)"], ['Medium', v.emptyDir.medium ?? ''], ['SizeLimit', v.emptyDir.sizeLimit ?? '<unset>']]);
    else if (v.hostPath) body([['Type', 'HostPath (bare host directory volume)'], ['Path', v.hostPath.path], ['HostPathType', v.hostPath.type ?? '']]);
    else if (v.configMap) body([['Type', 'ConfigMap (a volume populated by a ConfigMap)'], ['Name', v.configMap.name], ['Optional', Boolean(v.configMap.optional)]]);
    else if (v.secret) body([['Type', 'Secret (a volume populated by a Secret)'], ['SecretName', v.secret.secretName], ['Optional', Boolean(v.secret.optional)]]);
    else if (v.persistentVolumeClaim) body([['Type', 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)'], ['ClaimName', v.persistentVolumeClaim.claimName], ['ReadOnly', Boolean(v.persistentVolumeClaim.readOnly)]]);
    else w.write(2, '<unknown>\n');
  }
}
