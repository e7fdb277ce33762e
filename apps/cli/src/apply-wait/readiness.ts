/**
 * When an applied object is "ready" for `skiff apply --wait`, and the progress line to show
 * until then: a Deployment as `rollout status` says it (rollout/status.ts, kubectl's words), a
 * Job once Complete, a Pod once Ready (or Succeeded). Other kinds are ready once stored.
 */
import type { Loose } from '../describe/format.ts';
import { deploymentStatus } from '../rollout/status.ts';

export interface Readiness {
  message: string;
  done: boolean;
  /** Can never become ready (a failed Job or Pod): the reason. */
  failed?: string;
}

const condition = (o: Loose, type: string): Loose | undefined => (o.status?.conditions ?? []).find((c: Loose) => c.type === type);

function job(j: Loose): Readiness {
  const name = j.metadata.name;
  const failed = condition(j, 'Failed');
  if (failed?.status === 'True') return { message: '', done: false, failed: `job "${name}" failed: ${failed.reason ?? ''}${failed.message ? `: ${failed.message}` : ''}` };
  if (condition(j, 'Complete')?.status === 'True') return { message: `job "${name}" completed\n`, done: true };
  const want = j.spec?.completions ?? 1;
  return { message: `Waiting for job "${name}" to complete: ${j.status?.succeeded ?? 0} of ${want} succeeded...\n`, done: false };
}

function pod(p: Loose): Readiness {
  const name = p.metadata.name;
  const phase = p.status?.phase ?? 'Pending';
  if (phase === 'Failed') return { message: '', done: false, failed: `pod "${name}" failed${p.status?.reason ? `: ${p.status.reason}` : ''}` };
  if (phase === 'Succeeded') return { message: `pod "${name}" completed\n`, done: true };
  if (condition(p, 'Ready')?.status === 'True') return { message: `pod "${name}" is ready\n`, done: true };
  const waiting = (p.status?.containerStatuses ?? []).map((c: Loose) => c.state?.waiting?.reason).find(Boolean);
  return { message: `Waiting for pod "${name}" to be ready: ${phase}${waiting ? ` (${waiting})` : ''}...\n`, done: false };
}

/** undefined: nothing to wait for (the kind has no notion of ready here). */
export function readinessOf(kind: string, obj: Loose): Readiness | undefined {
  switch (kind) {
    case 'Deployment':
      return deploymentStatus(obj);
    case 'Job':
      return job(obj);
    case 'Pod':
      return pod(obj);
    default:
      return undefined;
  }
}
