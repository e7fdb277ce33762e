/** podFailurePolicy: the first rule matching a failed pod's exit codes or conditions wins. */
import type { Job, Pod } from '@skiff/api';

export type FailureAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export function matchFailurePolicy(job: Job, pod: Pod): { action: FailureAction; rule: number } | undefined {
  const rules = job.spec?.podFailurePolicy?.rules ?? [];
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (r.onExitCodes) {
      const { containerName, operator, values } = r.onExitCodes;
      const codes = (pod.status?.containerStatuses ?? [])
        .filter((c) => !containerName || c.name === containerName)
        .map((c) => c.state?.terminated?.exitCode)
        .filter((x): x is number => x !== undefined && x !== 0);
      if (codes.some((code) => (operator === 'In' ? values.includes(code) : !values.includes(code)))) return { action: r.action, rule: i };
    }
    if (r.onPodConditions?.length) {
      const conds = pod.status?.conditions ?? [];
      if (r.onPodConditions.some((p) => conds.some((c) => c.type === p.type && c.status === (p.status ?? 'True')))) return { action: r.action, rule: i };
    }
  }
  return undefined;
}
