/**
 * Namespace termination (upstream's namespace controller, kept in the api-server because it
 * needs nothing but storage): delete everything in the namespace, then drop the `kubernetes`
 * finalizer so the namespace itself goes. Objects with finalizers of their own (e.g. pods a
 * node agent still stops) are marked; the cleanup retries until they are gone.
 */
import { nowRfc3339, registry, type KubeObject } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { keyFor, prefixFor } from './names.ts';

const RETRY_MS = 1000;

export async function deleteNamespaceContents(ctx: ServerContext, namespace: string): Promise<void> {
  const nsType = registry.byPlural('', 'v1', 'namespaces')!;
  const nsKey = keyFor(nsType, undefined, namespace);
  let remaining = 0;
  for (const type of registry.all()) {
    if (!type.namespaced) continue;
    for (const s of ctx.store.list(prefixFor(type, namespace)).items) {
      remaining++;
      const o = s.object;
      if (o.metadata.deletionTimestamp) continue;
      const key = keyFor(type, namespace, o.metadata.name!);
      const next = structuredClone(o) as KubeObject;
      const hasFinalizers = (o.metadata.finalizers ?? []).length > 0;
      const spec = o.spec as { nodeName?: string } | undefined;
      try {
        if (!hasFinalizers && !(o.kind === 'Pod' && spec?.nodeName)) {
          await ctx.store.delete(key, s.revision);
          remaining--;
        } else {
          next.metadata.deletionTimestamp = nowRfc3339(ctx.now());
          next.metadata.deletionGracePeriodSeconds = o.kind === 'Pod' ? ((o.spec as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds ?? 30) : 0;
          await ctx.store.update(key, next, s.revision);
        }
      } catch {
        // Raced with another writer: the next pass sees the new state.
      }
    }
  }
  const ns = ctx.store.get(nsKey);
  if (!ns) return;
  if (remaining > 0) {
    setTimeout(() => void deleteNamespaceContents(ctx, namespace).catch(() => undefined), RETRY_MS).unref();
    return;
  }
  const next = structuredClone(ns.object) as KubeObject;
  next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== 'kubernetes');
  if (next.metadata.finalizers.length === 0) await ctx.store.delete(nsKey, ns.revision).catch(() => undefined);
  else await ctx.store.update(nsKey, next, ns.revision).catch(() => undefined);
}
