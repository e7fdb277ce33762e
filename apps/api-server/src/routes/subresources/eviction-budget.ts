/**
 * The PodDisruptionBudget side of pods/eviction (upstream pkg/registry/core/pod/storage/
 * eviction.go: getPodDisruptionBudgets, checkAndDecrement): which budgets guard a pod, and the
 * verify-and-decrement of one budget's status.disruptionsAllowed, written with optimistic
 * concurrency so two evictions racing for the last allowed disruption cannot both win.
 */
import { errors, labelSelectorFromSpec, matchesLabels, nowRfc3339, registry, StatusError, type CauseType, type KubeObject, type Pod, type PodDisruptionBudget } from '@skiff/api';
import type { ServerContext } from '../../context.ts';
import type { Query } from '../../http/query.ts';
import type { ResourceRequest } from '../resources/request.ts';
import { prefixFor } from '../resources/names.ts';
import { updateWith } from '../resources/update.ts';

const PDBS = registry.byPlural('policy', 'v1', 'poddisruptionbudgets')!;

/** Upstream's MaxDisruptedPodSize: more unconfirmed evictions than this means the controller is not keeping up. */
const MAX_DISRUPTED_PODS = 2000;

/** The budgets in the pod's namespace whose selector matches it. An empty or invalid selector matches nothing here, as upstream. */
export function budgetsFor(ctx: ServerContext, pod: Readonly<Pod>): PodDisruptionBudget[] {
  const out: PodDisruptionBudget[] = [];
  for (const s of ctx.store.list(prefixFor(PDBS, pod.metadata.namespace)).items) {
    const pdb = s.object as PodDisruptionBudget;
    let sel;
    try {
      sel = labelSelectorFromSpec(pdb.spec?.selector);
    } catch {
      continue;
    }
    if (sel.nothing || sel.requirements.length === 0) continue;
    if (matchesLabels(sel, pod.metadata.labels)) out.push(pdb);
  }
  return out;
}

/** 429 with a DisruptionBudget cause: kubectl drain retries these every 5 s. */
export function tooManyRequests(cause: string): StatusError {
  // 'DisruptionBudget' is policy/v1's cause type, not one of apimachinery's field causes.
  return new StatusError(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
    causes: [{ reason: 'DisruptionBudget' as CauseType, message: cause }],
  });
}

export const stillProcessing = (name: string): StatusError => tooManyRequests(`The disruption budget ${name} is still being processed by the server.`);

function forbidden(name: string, why: string): StatusError {
  return errors.forbidden(`poddisruptionbudgets.policy "${name}" is forbidden: ${why}`);
}

/** The DisruptionAllowed condition as upstream's pdbhelper.UpdateDisruptionAllowedCondition sets it. */
export function withAllowedCondition(status: NonNullable<PodDisruptionBudget['status']>, now: number): NonNullable<PodDisruptionBudget['status']>['conditions'] {
  const allowed = (status.disruptionsAllowed ?? 0) > 0;
  const next = { type: 'DisruptionAllowed', status: allowed ? 'True' : 'False', reason: allowed ? 'SufficientPods' : 'InsufficientPods', message: '', observedGeneration: status.observedGeneration ?? 0 } as const;
  const conds = [...(status.conditions ?? [])];
  const i = conds.findIndex((c) => c.type === next.type);
  const old = i >= 0 ? conds[i] : undefined;
  const lastTransitionTime = old && old.status === next.status && old.lastTransitionTime ? old.lastTransitionTime : nowRfc3339(now);
  const merged = { ...next, lastTransitionTime };
  if (i >= 0) conds[i] = merged;
  else conds.push(merged);
  return conds;
}

/**
 * Take one disruption from the budget for `podName`: 429 when none is allowed (or the controller
 * has not yet seen the budget's generation), otherwise decrement and record the pod in
 * disruptedPods so the controller does not count it as healthy while it terminates. The
 * read-check-write is re-run on a conflicting write (updateWith's loop); dryRun writes nothing.
 */
export async function takeDisruption(ctx: ServerContext, req: ResourceRequest, pdbName: string, podName: string, query: Query): Promise<void> {
  const pdbReq = { ...req, type: PDBS, name: pdbName, subresource: 'status', query, body: undefined };
  await updateWith(ctx, pdbReq, (current) => {
    const pdb = structuredClone(current) as PodDisruptionBudget & KubeObject;
    const st = (pdb.status ??= {});
    if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) throw stillProcessing(pdbName);
    const allowed = st.disruptionsAllowed ?? 0;
    if (allowed < 0) throw forbidden(pdbName, 'pdb disruptions allowed is negative');
    if (Object.keys(st.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) throw forbidden(pdbName, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
    if (allowed === 0) throw tooManyRequests(`The disruption budget ${pdbName} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`);
    st.disruptionsAllowed = allowed - 1;
    if (st.disruptionsAllowed === 0) st.conditions = withAllowedCondition(st, ctx.now());
    st.disruptedPods = { ...st.disruptedPods, [podName]: nowRfc3339(ctx.now()) };
    delete pdb.metadata.resourceVersion; // unconditional from the caller's view; updateWith still guards the revision it read
    return pdb;
  });
}
