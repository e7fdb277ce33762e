/**
 * NodeAffinity: pod.spec.nodeSelector and required node affinity filter; preferred terms
 * add their weight to the nodes they match (normalized to 0..100).
 */
import type { NodeInfo } from '../../cache/node-info.ts';
import type { PodInfo } from '../../cache/pod-info.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { EnqueueExtensions, FilterPlugin, NodeScore, PreScorePlugin, ScorePlugin } from '../../framework/interface.ts';
import { MAX_NODE_SCORE } from '../../framework/interface.ts';
import { SKIP, SUCCESS, unresolvable, type Status } from '../../framework/status.ts';
import { ev } from '../../queue/events.ts';
import { podMatchesNodeSelectorAndAffinity, termMatches } from '../helpers/node-selector.ts';
import { NodeAffinity as NAME } from '../names.ts';

export const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

export class NodeAffinityPlugin implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;
  events() {
    return [ev('Node', 'Add'), ev('Node', 'Update')];
  }

  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const spec = pod.pod.spec;
    if (!spec?.nodeSelector && !spec?.affinity?.nodeAffinity) return SUCCESS;
    return node.node && podMatchesNodeSelectorAndAffinity(spec, node.node) ? SUCCESS : unresolvable(ERR_NODE_AFFINITY);
  }

  preScore(_s: CycleState, pod: PodInfo): Status {
    return pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ? SUCCESS : SKIP;
  }

  score(_s: CycleState, pod: PodInfo, node: NodeInfo): number {
    let sum = 0;
    if (!node.node) return 0;
    for (const p of pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (p.weight && termMatches(p.preference, node.node)) sum += p.weight;
    }
    return sum;
  }

  normalize(_s: CycleState, _p: PodInfo, scores: NodeScore[]): void {
    let max = 0;
    for (const s of scores) max = Math.max(max, s.score);
    if (max > 0) for (const s of scores) s.score = (s.score * MAX_NODE_SCORE) / max;
  }
}
