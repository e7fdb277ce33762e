/** NodeUnschedulable: cordoned nodes (spec.unschedulable) take only pods tolerating the cordon taint. */
import type { NodeInfo } from '../../cache/node-info.ts';
import type { PodInfo } from '../../cache/pod-info.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interface.ts';
import { SUCCESS, unresolvable, type Status } from '../../framework/status.ts';
import { ev } from '../../queue/events.ts';
import { toleratedBy } from '../helpers/taints.ts';
import { NodeUnschedulable as NAME } from '../names.ts';

export const ERR_UNSCHEDULABLE = 'node(s) were unschedulable';
const CORDON_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };

export class NodeUnschedulablePlugin implements FilterPlugin, EnqueueExtensions {
  readonly name = NAME;
  events() {
    return [ev('Node', 'Add'), ev('Node', 'Update')];
  }
  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status {
    if (!node.node?.spec?.unschedulable) return SUCCESS;
    return toleratedBy(CORDON_TAINT, pod.pod.spec?.tolerations) ? SUCCESS : unresolvable(ERR_UNSCHEDULABLE);
  }
}
