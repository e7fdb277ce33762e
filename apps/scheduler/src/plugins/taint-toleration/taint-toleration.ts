/**
 * TaintToleration: NoSchedule and NoExecute taints the pod does not tolerate rule the node
 * out (NoExecute would evict it right after); PreferNoSchedule taints only lower the score.
 */
import type { NodeInfo } from '../../cache/node-info.ts';
import type { PodInfo } from '../../cache/pod-info.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { EnqueueExtensions, FilterPlugin, NodeScore, ScorePlugin } from '../../framework/interface.ts';
import { MAX_NODE_SCORE } from '../../framework/interface.ts';
import { SUCCESS, unresolvable, type Status } from '../../framework/status.ts';
import { ev } from '../../queue/events.ts';
import { toleratedBy, firstUntolerated } from '../helpers/taints.ts';
import { TaintToleration as NAME } from '../names.ts';

const FILTER_EFFECTS = ['NoSchedule', 'NoExecute'];

export class TaintTolerationPlugin implements FilterPlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;
  events() {
    return [ev('Node', 'Add'), ev('Node', 'Update')];
  }

  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const taints = node.node?.spec?.taints;
    if (!taints?.length) return SUCCESS;
    const t = firstUntolerated(taints, pod.pod.spec?.tolerations, FILTER_EFFECTS);
    return t ? unresolvable(`node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`) : SUCCESS;
  }

  /** Raw score: number of intolerable PreferNoSchedule taints (reversed in normalize). */
  score(_s: CycleState, pod: PodInfo, node: NodeInfo): number {
    let n = 0;
    for (const t of node.node?.spec?.taints ?? []) {
      if (t.effect !== 'PreferNoSchedule') continue;
      // Only PreferNoSchedule (or effect-less) tolerations count, as upstream.
      const tols = (pod.pod.spec?.tolerations ?? []).filter((x) => !x.effect || x.effect === 'PreferNoSchedule');
      if (!toleratedBy(t, tols)) n++;
    }
    return n;
  }

  normalize(_s: CycleState, _p: PodInfo, scores: NodeScore[]): void {
    let max = 0;
    for (const s of scores) max = Math.max(max, s.score);
    for (const s of scores) s.score = max === 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE - (s.score * MAX_NODE_SCORE) / max;
  }
}
