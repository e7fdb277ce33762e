/**
 * Pod volumes realised on the host under <dataDir>/pods/<uid>/volumes/<name>: emptyDir is
 * a directory, configMap/secret are files written from the API objects (refreshed on every
 * sync, mounted read-only), hostPath is the host path itself (created for *OrCreate
 * types). A failure is data: the kubelet's FailedMount message.
 */
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import type { ConfigMap, Pod, Secret, Volume } from '@skiff/api';
import { isNotFound, type RestClient } from '@skiff/client';
import { CONFIGMAPS, SECRETS } from '../refs.ts';

export type VolumeResult = { ok: true; hostPaths: Map<string, { path: string; readOnly: boolean }> } | { ok: false; volume: string; message: string };

export function podDir(dataDir: string, uid: string): string {
  return join(dataDir, 'pods', uid);
}

function writeItems(dir: string, data: Record<string, Buffer>, items: Array<{ key: string; path: string; mode?: number | undefined }> | undefined, mode: number): string | undefined {
  mkdirSync(dir, { recursive: true });
  const files = items?.length ? items.map((i) => ({ key: i.key, path: i.path, mode: i.mode ?? mode })) : Object.keys(data).map((k) => ({ key: k, path: k, mode }));
  for (const f of files) {
    const content = data[f.key];
    if (content === undefined) return `configmap references non-existent config key: ${f.key}`;
    const target = normalize(join(dir, f.path));
    if (!target.startsWith(dir)) return `invalid path ${f.path}`;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    chmodSync(target, f.mode);
  }
  return undefined;
}

async function fetchData(client: RestClient, pod: Pod, v: Volume): Promise<Record<string, Buffer> | undefined> {
  const namespace = pod.metadata.namespace;
  try {
    if (v.configMap) {
      const cm = await client.get<ConfigMap>(CONFIGMAPS, v.configMap.name ?? '', { namespace });
      return Object.fromEntries([...Object.entries(cm.data ?? {}).map(([k, s]) => [k, Buffer.from(s)]), ...Object.entries(cm.binaryData ?? {}).map(([k, s]) => [k, Buffer.from(s, 'base64')])]);
    }
    const s = await client.get<Secret>(SECRETS, v.secret?.secretName ?? '', { namespace });
    return Object.fromEntries(Object.entries(s.data ?? {}).map(([k, b]) => [k, Buffer.from(b, 'base64')]));
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export async function prepareVolumes(client: RestClient, dataDir: string, pod: Pod): Promise<VolumeResult> {
  const base = join(podDir(dataDir, pod.metadata.uid!), 'volumes');
  const hostPaths = new Map<string, { path: string; readOnly: boolean }>();
  for (const v of pod.spec?.volumes ?? []) {
    const dir = join(base, v.name);
    if (v.emptyDir) {
      mkdirSync(dir, { recursive: true, mode: 0o777 });
      chmodSync(dir, 0o777); // any container user may write, as on the kubelet
      hostPaths.set(v.name, { path: dir, readOnly: false });
    } else if (v.hostPath) {
      const t = v.hostPath.type ?? '';
      if (t === 'DirectoryOrCreate') mkdirSync(v.hostPath.path, { recursive: true });
      if (t === 'FileOrCreate' && !existsSync(v.hostPath.path)) writeFileSync(v.hostPath.path, '');
      if ((t === 'Directory' || t === 'File') && !existsSync(v.hostPath.path)) return { ok: false, volume: v.name, message: `hostPath type check failed: ${v.hostPath.path} is not a ${t.toLowerCase()}` };
      hostPaths.set(v.name, { path: v.hostPath.path, readOnly: false });
    } else if (v.configMap || v.secret) {
      const src = v.configMap ?? v.secret!;
      const what = v.configMap ? `configmap "${v.configMap.name}"` : `secret "${v.secret!.secretName}"`;
      const data = await fetchData(client, pod, v);
      if (!data) {
        if (src.optional) {
          mkdirSync(dir, { recursive: true });
          hostPaths.set(v.name, { path: dir, readOnly: true });
          continue;
        }
        return { ok: false, volume: v.name, message: `${what} not found` };
      }
      // Written in place: the directory is bind-mounted into running containers, so it must stay the same inode.
      const err = writeItems(dir, data, src.items, src.defaultMode ?? 0o644);
      if (err) return { ok: false, volume: v.name, message: err };
      hostPaths.set(v.name, { path: dir, readOnly: true });
    } else {
      return { ok: false, volume: v.name, message: 'volume type not supported by this node (supported: emptyDir, hostPath, configMap, secret)' };
    }
  }
  return { ok: true, hostPaths };
}

export function removePodDir(dataDir: string, uid: string): void {
  rmSync(podDir(dataDir, uid), { recursive: true, force: true });
}
