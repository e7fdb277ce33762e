/**
 * DefaultBinder: POST pods/<name>/binding, or, when the client can post raw JSON (the real
 * RestClient), batched with the other bindings of the same turn (bind-batcher.ts). A node
 * that disappeared since the pod was assumed is refused here rather than bound to nothing
 * (the pod goes back to the queue).
 */
import type { PodInfo } from '../../cache/pod-info.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { Handle } from '../../framework/handle.ts';
import type { BindPlugin } from '../../framework/interface.ts';
import { SUCCESS, errorStatus, unschedulable, type Status } from '../../framework/status.ts';
import { PODS } from '../../refs.ts';
import { DefaultBinder as NAME } from '../names.ts';
import { BindBatcher, bindingBody, type BindingItem } from './bind-batcher.ts';

export class DefaultBinderPlugin implements BindPlugin {
  readonly name = NAME;
  readonly #h: Handle;
  readonly batcher: BindBatcher | undefined;
  constructor(h: Handle, o: { batch?: boolean } = {}) {
    this.#h = h;
    const post = h.api.requestJson?.bind(h.api);
    if (post && o.batch !== false) this.batcher = new BindBatcher(post, (b) => this.#single(b));
  }

  async #single(b: BindingItem): Promise<void> {
    await this.#h.api.createSubresource(PODS, b.name, 'binding', bindingBody(b), { namespace: b.namespace });
  }

  async bind(_s: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    if (!this.#h.cache.getNode(nodeName)) return unschedulable(`node "${nodeName}" was deleted before the pod could be bound`);
    const item = { namespace: pod.namespace, name: pod.name, uid: pod.uid, node: nodeName };
    try {
      await (this.batcher ? this.batcher.bind(item) : this.#single(item));
      return SUCCESS;
    } catch (e) {
      return errorStatus(e, `binding rejected: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
