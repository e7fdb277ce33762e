/**
 * `why pod/x`: first where the pod is in its life (not placed, placed but not started,
 * running, finished), then the cause at that step: the scheduler's verdict (scheduling.ts,
 * gang.ts) or the node agent's (containers.ts, node readiness, claims not yet reserved).
 */
import type { Loose } from '../describe/format.ts';
import type { WhyFacts } from './facts.ts';
import { nodeReady, notReadyText } from './facts.ts';
import { agentWarnings, containerVerdict, lastExit, restartNote } from './containers.ts';
import { gangMessageVerdict, gangOf } from './gang.ts';
import { podClaims } from './requests.ts';
import { schedulingVerdict } from './scheduling.ts';
import { verdict, type Verdict } from './verdict.ts';

export interface Explained {
  state: string;
  v: Verdict;
}

/** The scheduler's latest word: the PodScheduled=False condition, else the newest FailedScheduling event. */
export function schedulerMessage(pod: Loose, events: Loose[]): string | undefined {
  const cond = (pod.status?.conditions ?? []).find((c: Loose) => c.type === 'PodScheduled' && c.status === 'False');
  return cond?.message || events.find((e) => e.reason === 'FailedScheduling')?.message || undefined;
}

function finished(pod: Loose, events: Loose[]): Explained {
  if (pod.status.phase === 'Succeeded') return { state: 'Succeeded', v: verdict('Fine', '') };
  const exits = [...(pod.status?.containerStatuses ?? [])].map((s: Loose) => (lastExit(s) ? `container ${s.name}: ${lastExit(s)}` : '')).filter(Boolean);
  const why = [pod.status?.reason, pod.status?.message].filter(Boolean).join(': ') || 'a container exited with an error and the restart policy does not restart it.';
  return { state: 'Failed', v: verdict('Failed', why, [...exits, ...agentWarnings(events)], `read its output: skiff logs ${pod.metadata.name}`) };
}

function placedNotRunning(pod: Loose, f: WhyFacts, events: Loose[]): Verdict {
  const nodeName = pod.spec.nodeName;
  const node = f.nodes.find((n) => n.metadata?.name === nodeName);
  if (!node) return verdict('NodeNotReady', `its node ${nodeName} does not exist any more.`, [], `delete the pod so its controller recreates it elsewhere: skiff delete pod ${pod.metadata.name}`);
  if (!nodeReady(node)) return verdict('NodeNotReady', `its node ${nodeName} is not ready (${notReadyText(node)}).`, [], 'bring the node agent back (`skiff describe node ' + nodeName + '`); the pod starts once it reports Ready.');
  const unreserved = podClaims(pod, f.claims).filter((pc) => !(pc.claim?.status?.reservedFor ?? []).some((r: Loose) => r.uid === pod.metadata.uid));
  if (unreserved.length) return verdict('Starting', `waiting for resourceclaim/${unreserved[0]!.claimName} to be allocated and reserved for it.`, agentWarnings(events));
  return verdict('Starting', `its containers are being created on ${nodeName}.`, agentWarnings(events));
}

export async function explainPod(pod: Loose, f: WhyFacts): Promise<Explained> {
  const events = await f.events(pod);
  const phase: string = pod.status?.phase ?? 'Pending';
  if (phase === 'Succeeded' || phase === 'Failed') return finished(pod, events);
  if (!pod.spec?.nodeName) {
    const msg = schedulerMessage(pod, events);
    const gang = gangOf(pod) && msg ? gangMessageVerdict(msg, pod, f) : undefined;
    return { state: 'Pending', v: gang ?? schedulingVerdict(pod, f, msg) };
  }
  const c = containerVerdict(pod, events);
  if (c) return { state: phase, v: c };
  if (phase !== 'Running') return { state: phase, v: placedNotRunning(pod, f, events) };
  const node = f.nodes.find((n) => n.metadata?.name === pod.spec.nodeName);
  if (node && !nodeReady(node)) return { state: 'Running', v: verdict('NodeNotReady', `but its node ${node.metadata.name} is not ready (${notReadyText(node)}), so its real state is unknown.`) };
  const notReady = (pod.status?.containerStatuses ?? []).filter((s: Loose) => s.ready === false && s.state?.running);
  if (notReady.length) return { state: 'Running', v: verdict('Starting', `but container ${notReady[0].name} is not ready yet (readiness probe).`, agentWarnings(events)) };
  return { state: 'Running', v: verdict('Fine', '', restartNote(pod, events)) };
}
