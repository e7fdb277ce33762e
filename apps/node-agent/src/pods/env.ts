/**
 * A container's environment as the kubelet builds it: envFrom (ConfigMaps/Secrets, with
 * prefix), then env in order with valueFrom (fieldRef, resourceFieldRef, configMapKeyRef,
 * secretKeyRef) and $(VAR) expansion against what came before ($$ escapes). A missing
 * non-optional source is a CreateContainerConfigError, returned as data.
 */
import type { ConfigMap, Container, Pod, Secret } from '@skiff/api';
import { parseQuantity } from '@skiff/api';
import { isNotFound, type RestClient } from '@skiff/client';
import { CONFIGMAPS, SECRETS } from '../refs.ts';

export type EnvResult = { ok: true; env: string[] } | { ok: false; message: string };

export interface EnvContext {
  client: RestClient;
  pod: Pod;
  nodeName: string;
  podIP: string;
  hostIP: string;
}

/** Reads ConfigMaps/Secrets once per container build. */
class Sources {
  readonly #cache = new Map<string, Record<string, string> | undefined>();
  readonly ctx: EnvContext;
  constructor(ctx: EnvContext) {
    this.ctx = ctx;
  }

  async get(kind: 'configmap' | 'secret', name: string): Promise<Record<string, string> | undefined> {
    const key = `${kind}/${name}`;
    if (this.#cache.has(key)) return this.#cache.get(key);
    let data: Record<string, string> | undefined;
    try {
      if (kind === 'configmap') {
        const cm = await this.ctx.client.get<ConfigMap>(CONFIGMAPS, name, { namespace: this.ctx.pod.metadata.namespace });
        data = { ...(cm.data ?? {}) };
      } else {
        const s = await this.ctx.client.get<Secret>(SECRETS, name, { namespace: this.ctx.pod.metadata.namespace });
        data = Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
        Object.assign(data, s.stringData ?? {});
      }
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    this.#cache.set(key, data);
    return data;
  }
}

export function fieldValue(ctx: EnvContext, path: string): string | undefined {
  const m = ctx.pod.metadata;
  const sub = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (sub) return (sub[1] === 'labels' ? m.labels : m.annotations)?.[sub[2]!] ?? '';
  switch (path) {
    case 'metadata.name': return m.name;
    case 'metadata.namespace': return m.namespace;
    case 'metadata.uid': return m.uid;
    case 'metadata.labels': return Object.entries(m.labels ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'metadata.annotations': return Object.entries(m.annotations ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'spec.nodeName': return ctx.pod.spec?.nodeName ?? ctx.nodeName;
    case 'spec.serviceAccountName': return ctx.pod.spec?.serviceAccountName ?? 'default';
    case 'status.podIP': case 'status.podIPs': return ctx.podIP;
    case 'status.hostIP': case 'status.hostIPs': return ctx.hostIP;
    default: return undefined;
  }
}

function resourceValue(c: Container, resource: string, divisor: string | undefined): string {
  const [kind, name] = resource.split('.') as [string, string];
  const q = (kind === 'limits' ? c.resources?.limits : c.resources?.requests)?.[name];
  if (!q) return '0';
  const value = parseQuantity(q).toMilli() / 1000;
  const div = divisor ? parseQuantity(divisor).toMilli() / 1000 : 1;
  return String(Math.ceil(value / div));
}

/** $(VAR) from `vars`; $$(VAR) stays literal $(VAR); unknown references stay as written. */
export function expand(value: string, vars: Map<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => (m === '$$' ? '$' : vars.get(name!) ?? m));
}

export async function containerEnv(ctx: EnvContext, c: Container): Promise<EnvResult> {
  const src = new Sources(ctx);
  const vars = new Map<string, string>();
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'configmap' : 'secret';
    if (!ref?.name) continue;
    const data = await src.get(kind, ref.name);
    if (!data) {
      if (ref.optional) continue;
      return { ok: false, message: `${kind} "${ref.name}" not found` };
    }
    for (const [k, v] of Object.entries(data)) vars.set(`${from.prefix ?? ''}${k}`, v);
  }
  for (const e of c.env ?? []) {
    const vf = e.valueFrom;
    if (!vf) {
      vars.set(e.name, expand(e.value ?? '', vars));
      continue;
    }
    if (vf.fieldRef) {
      const v = fieldValue(ctx, vf.fieldRef.fieldPath);
      if (v === undefined) return { ok: false, message: `unsupported fieldPath: ${vf.fieldRef.fieldPath}` };
      vars.set(e.name, v);
    } else if (vf.resourceFieldRef) {
      vars.set(e.name, resourceValue(c, vf.resourceFieldRef.resource, vf.resourceFieldRef.divisor));
    } else {
      const sel = vf.configMapKeyRef ?? vf.secretKeyRef!;
      const kind = vf.configMapKeyRef ? 'configmap' : 'secret';
      const data = await src.get(kind, sel.name ?? '');
      const value = data?.[sel.key];
      if (value === undefined) {
        if (sel.optional) continue;
        return { ok: false, message: data ? `couldn't find key ${sel.key} in ${kind === 'configmap' ? 'ConfigMap' : 'Secret'} ${ctx.pod.metadata.namespace}/${sel.name}` : `${kind} "${sel.name}" not found` };
      }
      vars.set(e.name, value);
    }
  }
  return { ok: true, env: [...vars].map(([k, v]) => `${k}=${v}`) };
}
