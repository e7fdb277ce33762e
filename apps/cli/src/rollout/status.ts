/**
 * `rollout status` for a Deployment: kubectl's DeploymentStatusViewer, word for word. Each
 * observed state prints one line; `done` ends the wait.
 */
import type { Loose } from '../describe/format.ts';
import { CliError } from '../errors.ts';

export function deploymentStatus(d: Loose): { message: string; done: boolean } {
  const name = d.metadata.name;
  const s = d.status ?? {};
  const n = (v: unknown): number => (typeof v === 'number' ? v : 0);
  if ((d.metadata.generation ?? 0) > n(s.observedGeneration)) {
    return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  }
  const progressing = (s.conditions ?? []).find((c: Loose) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') throw new CliError(`error: deployment "${name}" exceeded its progress deadline`);
  const want = d.spec?.replicas;
  if (typeof want === 'number' && n(s.updatedReplicas) < want) {
    return { message: `Waiting for deployment "${name}" rollout to finish: ${n(s.updatedReplicas)} out of ${want} new replicas have been updated...\n`, done: false };
  }
  if (n(s.replicas) > n(s.updatedReplicas)) {
    return { message: `Waiting for deployment "${name}" rollout to finish: ${n(s.replicas) - n(s.updatedReplicas)} old replicas are pending termination...\n`, done: false };
  }
  if (n(s.availableReplicas) < n(s.updatedReplicas)) {
    return { message: `Waiting for deployment "${name}" rollout to finish: ${n(s.availableReplicas)} of ${n(s.updatedReplicas)} updated replicas are available...\n`, done: false };
  }
  return { message: `deployment "${name}" successfully rolled out\n`, done: true };
}
