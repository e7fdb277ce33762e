/** NodeName: a pod that names its node fits only there. */
import type { NodeInfo } from '../../cache/node-info.ts';
import type { PodInfo } from '../../cache/pod-info.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interface.ts';
import { SUCCESS, unresolvable, type Status } from '../../framework/status.ts';
import { ev } from '../../queue/events.ts';
import { NodeName as NAME } from '../names.ts';

export const ERR_NODE_NAME = "node(s) didn't match the requested node name";

export class NodeNamePlugin implements FilterPlugin, EnqueueExtensions {
  readonly name = NAME;
  events() {
    return [ev('Node', 'Add')];
  }
  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const want = pod.pod.spec?.nodeName;
    return !want || want === node.name ? SUCCESS : unresolvable(ERR_NODE_NAME);
  }
}
