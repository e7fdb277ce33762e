/**
 * A Deployment's history as kubectl reads it (deployment util GetAllReplicaSets and
 * rollback.go's deploymentRevision): the ReplicaSets it controls, each numbered by its
 * `deployment.kubernetes.io/revision` annotation, which the controller-manager keeps.
 */
import type { RestClient } from '@skiff/client';
import type { Loose } from '../describe/format.ts';
import type { ApiResource } from '../discovery.ts';
import { CliError } from '../errors.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';

export interface Revision {
  revision: number;
  rs: Loose;
}

/** Owned ReplicaSets that carry a revision, oldest first. */
export async function revisionsOf(client: RestClient, replicaSets: ApiResource, deployment: Loose): Promise<Revision[]> {
  const list = await client.list(replicaSets, { namespace: deployment.metadata.namespace });
  const owned = (list.items as Loose[]).filter((rs) =>
    (rs.metadata.ownerReferences ?? []).some((o: Loose) => o.controller && o.uid === deployment.metadata.uid),
  );
  const out: Revision[] = [];
  for (const rs of owned) {
    const text = rs.metadata.annotations?.[REVISION];
    if (text !== undefined && /^\d+$/.test(text)) out.push({ revision: Number(text), rs });
  }
  return out.sort((a, b) => a.revision - b.revision);
}

/** The ReplicaSet to roll back to: `toRevision`, or (0) the one before the newest. */
export function pickRevision(revisions: Revision[], toRevision: number, name: string): Revision {
  if (toRevision > 0) {
    const found = revisions.find((r) => r.revision === toRevision);
    if (!found) throw new CliError(`error: unable to find specified revision ${toRevision} in history`);
    return found;
  }
  const previous = revisions.at(-2);
  if (!previous) throw new CliError(`error: no rollout history found for deployment "${name}"`);
  return previous;
}
