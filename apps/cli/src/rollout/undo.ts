/**
 * `rollout undo`: kubectl's DeploymentRollbacker. The chosen ReplicaSet's pod template (less
 * its pod-template-hash label) and its annotations (less the controller's bookkeeping ones)
 * go back into the Deployment with one JSON patch; the controller-manager then rolls forward
 * to that template, which becomes the newest revision.
 */
import { isDeepStrictEqual } from 'node:util';
import type { RestClient } from '@skiff/client';
import type { Loose } from '../describe/format.ts';
import type { ApiResource } from '../discovery.ts';
import { CliError } from '../errors.ts';
import { pickRevision, revisionsOf } from './revisions.ts';

const HASH_LABEL = 'pod-template-hash';
const SKIPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

function withoutHash(template: Loose): Loose {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) {
    delete t.metadata.labels[HASH_LABEL];
    if (!Object.keys(t.metadata.labels).length) delete t.metadata.labels;
  }
  return t;
}

/** The word kubectl prints after `deployment.apps/NAME`. */
export async function undoDeployment(client: RestClient, deployments: ApiResource, replicaSets: ApiResource, d: Loose, toRevision: number): Promise<string> {
  if (d.spec?.paused) {
    throw new CliError("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  }
  const target = pickRevision(await revisionsOf(client, replicaSets, d), toRevision, d.metadata.name);
  const template = withoutHash(target.rs.spec?.template);
  if (isDeepStrictEqual(template, withoutHash(d.spec?.template))) {
    return `skipped rollback (current template already matches revision ${target.revision})`;
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries<string>(d.metadata.annotations ?? {})) if (SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries<string>(target.rs.metadata.annotations ?? {})) if (!SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v;
  const patch = [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
  try {
    await client.patch(deployments, d.metadata.name, 'json', patch, { namespace: d.metadata.namespace });
  } catch (e) {
    throw new CliError(`error: failed restoring revision ${target.revision}: ${(e as Error).message}`);
  }
  return 'rolled back';
}
