/** Objects every cluster has from the first start: the system namespaces (as kube-apiserver creates them). */
import { registry, type KubeObject } from '@skiff/api';
import type { Store } from '@skiff/storage';
import { objectKey } from '@skiff/storage';
import { prepareCreate } from './registry/strategy.ts';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function ensureSystemObjects(store: Store, now: number): Promise<void> {
  const nsType = registry.byPlural('', 'v1', 'namespaces')!;
  for (const name of SYSTEM_NAMESPACES) {
    const key = objectKey(nsType, undefined, name);
    if (store.get(key)) continue;
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
    prepareCreate(nsType, ns, undefined, now);
    await store.create(key, ns);
  }
}
