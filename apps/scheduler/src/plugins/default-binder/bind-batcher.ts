/** Bindings through Skiff's batch endpoint (@skiff/client item-batcher.ts; api-server routes/batch/bindings.ts). */
import { ItemBatcher, type PostJson } from '@skiff/client';

export const BATCH_PATH = '/apis/skiff.dev/v1/bindings';

export interface BindingItem {
  namespace: string;
  name: string;
  uid: string;
  node: string;
}

export const bindingBody = (b: BindingItem) => ({
  apiVersion: 'v1',
  kind: 'Binding',
  metadata: { name: b.name, namespace: b.namespace, uid: b.uid },
  target: { apiVersion: 'v1', kind: 'Node', name: b.node },
});

export class BindBatcher extends ItemBatcher<BindingItem> {
  constructor(post: PostJson, single: (b: BindingItem) => Promise<void>) {
    super({ post, path: BATCH_PATH, kind: 'Binding', encode: bindingBody, single });
  }

  bind(item: BindingItem): Promise<void> {
    return this.submit(item).then(() => undefined);
  }
}
