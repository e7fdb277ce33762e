/**
 * kubeadm's discovery ConfigMap, `kube-public/cluster-info`: a kubeconfig with the server URL
 * and the cluster CA and no credentials, readable without a token (upstream grants
 * system:anonymous `get` on exactly this object). A new machine fetches it over TLS it cannot
 * verify yet, checks the CA's public key against the `--ca-cert-hash sha256:…` it was given,
 * and only then sends its join token: a man in the middle cannot pass the hash check, so it
 * never sees the token. Upstream also signs the ConfigMap with each token (JWS); Skiff does not:
 * the hash check alone is what protects the join.
 */
import { registry, type KubeObject } from '@skiff/api';
import { objectKey, type Store } from '@skiff/storage';
import { stringify } from 'yaml';
import { prepareCreate, prepareUpdate } from '../registry/strategy.ts';

export const CLUSTER_INFO_NAMESPACE = 'kube-public';
export const CLUSTER_INFO_NAME = 'cluster-info';
export const CLUSTER_INFO_PATH = `/api/v1/namespaces/${CLUSTER_INFO_NAMESPACE}/configmaps/${CLUSTER_INFO_NAME}`;

const CONFIGMAPS = registry.byPlural('', 'v1', 'configmaps')!;

/** Only a plain GET of that one object is anonymous: no query (no watch), no other verb. */
export function isClusterInfoRead(method: string, url: string): boolean {
  return (method === 'GET' || method === 'HEAD') && url === CLUSTER_INFO_PATH;
}

export function clusterInfoKubeconfig(server: string, caPem: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: '', cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    contexts: [],
    users: [],
    preferences: {},
  });
}

/** Written at every start, so a replaced CA or a new advertise URL is what new machines see. */
export async function ensureClusterInfo(store: Store, server: string, caPem: string, now: number): Promise<void> {
  const key = objectKey(CONFIGMAPS, CLUSTER_INFO_NAMESPACE, CLUSTER_INFO_NAME);
  const data = { kubeconfig: clusterInfoKubeconfig(server, caPem) };
  const old = store.get(key);
  if (!old) {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: CLUSTER_INFO_NAME, namespace: CLUSTER_INFO_NAMESPACE } };
    (cm as { data?: Record<string, string> }).data = data;
    prepareCreate(CONFIGMAPS, cm, CLUSTER_INFO_NAMESPACE, now);
    await store.create(key, cm);
    return;
  }
  if ((old.object as { data?: Record<string, string> }).data?.['kubeconfig'] === data.kubeconfig) return;
  const next = { ...structuredClone(old.object), data } as KubeObject;
  await store.update(key, prepareUpdate(CONFIGMAPS, next, old.object as KubeObject, undefined), old.revision);
}
