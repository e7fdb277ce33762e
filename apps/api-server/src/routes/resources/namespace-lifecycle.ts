/** NamespaceLifecycle admission: no objects in a namespace that is missing or terminating. */
import { errors, StatusError, registry, type ResourceType } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import { keyFor } from './names.ts';

export function admitNamespace(ctx: ServerContext, type: ResourceType, namespace: string | undefined): void {
  if (!type.namespaced || namespace === undefined) return;
  const nsType = registry.byPlural('', 'v1', 'namespaces');
  if (!nsType) return;
  const ns = ctx.store.get(keyFor(nsType, undefined, namespace));
  if (!ns) throw errors.notFound('namespaces', '', namespace);
  if (ns.object.metadata.deletionTimestamp) {
    throw new StatusError(403, 'Forbidden', `${type.plural}${type.group ? '.' + type.group : ''} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`);
  }
}
