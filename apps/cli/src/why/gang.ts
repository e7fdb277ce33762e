/**
 * Gangs: pods that only run together. Both gang APIs the scheduler knows (gang/gang.ts):
 * upstream's PodGroup (pod.spec.schedulingGroup.podGroupName, gang.minCount) and
 * Coscheduling's (label scheduling.x-k8s.io/pod-group, spec.minMember). A gang pending is
 * either still waiting for members to exist, or has them but cannot place enough at once —
 * then the member's own reason (GPUs busy, never fits…) is the real answer.
 */
import type { Loose } from '../describe/format.ts';
import { isFinished } from '../gpus/holders.ts';
import type { WhyFacts } from './facts.ts';
import { schedulingVerdict } from './scheduling.ts';
import { verdict, type Verdict } from './verdict.ts';

export const POD_GROUP_LABEL = 'scheduling.x-k8s.io/pod-group';

export interface GangRef {
  kind: 'PodGroup' | 'CoschedulingPodGroup';
  namespace: string;
  name: string;
}

export function gangOf(pod: Loose): GangRef | undefined {
  const namespace = pod.metadata?.namespace ?? 'default';
  const upstream = pod.spec?.schedulingGroup?.podGroupName;
  if (upstream) return { kind: 'PodGroup', namespace, name: upstream };
  const label = pod.metadata?.labels?.[POD_GROUP_LABEL];
  return label ? { kind: 'CoschedulingPodGroup', namespace, name: label } : undefined;
}

const sameGang = (a: GangRef | undefined, b: GangRef): boolean => !!a && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

export function gangMembers(f: WhyFacts, g: GangRef): Loose[] {
  return f.pods.filter((p) => sameGang(gangOf(p), g));
}

/** minCount of the group object; undefined when it is not a gang (upstream `basic` policy). */
export function minCountOf(g: GangRef, group: Loose): number | undefined {
  if (g.kind === 'CoschedulingPodGroup') return Math.max(1, Number(group.spec?.minMember ?? 1));
  const gang = group.spec?.schedulingPolicy?.gang;
  return gang ? Math.max(1, Number(gang.minCount ?? 1)) : undefined;
}

const schedulerMessage = (pod: Loose): string | undefined => (pod.status?.conditions ?? []).find((c: Loose) => c.type === 'PodScheduled' && c.status === 'False')?.message;

/**
 * The scheduler's gang wording (gang/schedule-gang.ts): "gang ns/g: only 1 of 3 required
 * members exist …", "gang ns/g: 1 of 3 members can be placed (need 3); <member pod>: <why>",
 * "gang ns/g: member did not fit (gang already has its minimum): <why>".
 */
export function gangMessageVerdict(msg: string, pod: Loose, f: WhyFacts): Verdict | undefined {
  const head = /^gang (\S+): /.exec(msg);
  if (!head) return undefined;
  const waiting = /only (\d+) of (\d+) required members exist/.exec(msg);
  if (waiting) return verdict('GangWaiting', `gang ${head[1]} is waiting for members: ${waiting[1]} of ${waiting[2]} required pods exist.`, [], `create the missing ${Number(waiting[2]) - Number(waiting[1])} pod(s); nothing is placed until ${waiting[2]} exist.`);
  if (/PodGroup \(scheduling\.[^)]*\) \S+ not found/.test(msg)) return verdict('NeverFits', `its gang's PodGroup ${head[1]} does not exist.`, [], 'create the PodGroup, or fix the pod-group label / schedulingGroup.');
  const placed = /(\d+) of (\d+) members can be placed \(need (\d+)\)(?:; (\S+): (.*))?$/s.exec(msg);
  const rest = placed?.[5] ?? /member did not fit \(gang already has its minimum\): (.*)$/s.exec(msg)?.[1];
  const member = schedulingVerdict(pod, f, rest);
  // Show the scheduler's whole gang message, not only the member's part of it.
  const inner = { ...member, details: member.details.map((d) => (d === `scheduler: ${rest}` ? `scheduler: ${msg}` : d)) };
  if (!placed) return inner;
  const who = placed[4] ? ` (member ${placed[4]}: ${inner.headline})` : '';
  return { ...inner, headline: `gang ${head[1]} cannot start: only ${placed[1]} of its ${placed[2]} members can be placed at once and it needs ${placed[3]}${who}` };
}

/** `why podgroup/x`. */
export function groupVerdict(g: GangRef, group: Loose | undefined, f: WhyFacts): { state: string; v: Verdict } {
  const members = gangMembers(f, g);
  if (!group) return { state: 'Pending', v: verdict('NeverFits', `the PodGroup does not exist, but ${members.length} pod(s) name it.`, [], 'create the PodGroup.') };
  const min = minCountOf(g, group);
  if (min === undefined) return { state: 'not a gang', v: verdict('Fine', 'its scheduling policy is basic: its pods are scheduled one by one (ask `skiff why pod/<name>`).') };
  const live = members.filter((p) => !isFinished(p));
  const scheduled = live.filter((p) => p.spec?.nodeName);
  const running = live.filter((p) => p.status?.phase === 'Running');
  const counts = `${members.length} member(s) exist, ${scheduled.length} scheduled, ${running.length} running; it needs ${min}`;
  if (scheduled.length >= min) return { state: running.length >= min ? 'Running' : 'Scheduled', v: verdict('Fine', '', [counts]) };
  if (members.length < min) return { state: 'Pending', v: verdict('GangWaiting', `waiting for members: ${members.length} of ${min} required pods exist.`, [counts], `create the missing ${min - members.length} pod(s); nothing is placed until ${min} exist.`) };
  const pending = live.find((p) => !p.spec?.nodeName && schedulerMessage(p)) ?? live.find((p) => !p.spec?.nodeName);
  const cond = (group.status?.conditions ?? []).find((c: Loose) => c.type === 'PodGroupScheduled' && c.status === 'False');
  const msg = (pending && schedulerMessage(pending)) ?? cond?.message;
  if (!pending) return { state: 'Pending', v: verdict('Unknown', 'its members are not scheduled.', [counts]) };
  const v = (msg && gangMessageVerdict(msg, pending, f)) ?? schedulingVerdict(pending, f, msg);
  return { state: 'Pending', v: { ...v, details: [counts, ...v.details] } };
}
