/**
 * DefaultBinder: POST pods/<name>/binding. A node that disappeared since the pod was
 * assumed is refused here rather than bound to nothing (the pod goes back to the queue).
 */
import type { PodInfo } from '../../cache/pod-info.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { Handle } from '../../framework/handle.ts';
import type { BindPlugin } from '../../framework/interface.ts';
import { SUCCESS, errorStatus, unschedulable, type Status } from '../../framework/status.ts';
import { PODS } from '../../refs.ts';
import { DefaultBinder as NAME } from '../names.ts';

export class DefaultBinderPlugin implements BindPlugin {
  readonly name = NAME;
  readonly #h: Handle;
  constructor(h: Handle) {
    this.#h = h;
  }

  async bind(_s: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    if (!this.#h.cache.getNode(nodeName)) return unschedulable(`node "${nodeName}" was deleted before the pod could be bound`);
    const body = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: pod.name, namespace: pod.namespace, uid: pod.uid },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    };
    try {
      await this.#h.api.createSubresource(PODS, pod.name, 'binding', body, { namespace: pod.namespace });
      return SUCCESS;
    } catch (e) {
      return errorStatus(e, `binding rejected: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
