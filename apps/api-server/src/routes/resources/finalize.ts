/**
 * The end of a deletion: an object marked for deletion goes away once its finalizers are empty
 * and no grace period remains (pods with a grace period wait for their node agent, which
 * confirms with a delete of grace 0).
 */
import type { ResourceType } from '@skiff/api';
import type { Stored } from '@skiff/storage';
import type { ServerContext } from '../../context.ts';

export function readyToRemove(obj: Stored['object']): boolean {
  const m = obj.metadata;
  return !!m.deletionTimestamp && (m.finalizers ?? []).length === 0 && (m.deletionGracePeriodSeconds ?? 0) === 0;
}

export async function finishDeletionIfReady(ctx: ServerContext, _type: ResourceType, key: string, stored: Stored): Promise<Stored> {
  if (!readyToRemove(stored.object)) return stored;
  return ctx.store.delete(key, stored.revision);
}
