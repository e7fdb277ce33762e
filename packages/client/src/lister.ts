/**
 * Read-only view of an informer's cache. Objects are frozen: copy with structuredClone
 * before editing (sample-controller's "lister objects are a read-only cache" rule, enforced).
 */
import type { KubeObject } from '@skiff/api';
import { Indexer, NAMESPACE_INDEX, NODE_NAME_INDEX, OWNER_UID_INDEX, objectKey } from './indexer.ts';
import { matchesLabels, type SelectorLike } from './label-match.ts';

export class Lister<T extends KubeObject> {
  readonly #store: Indexer<T>;

  constructor(store: Indexer<T>) {
    this.#store = store;
  }

  /** `namespace` is ignored ('' or undefined) for cluster-scoped kinds. */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.#store.get(objectKey({ metadata: namespace ? { namespace, name } : { name } }));
  }

  list(namespace?: string, selector?: SelectorLike): T[] {
    const items = namespace ? this.#store.byIndex(NAMESPACE_INDEX, namespace) : this.#store.list();
    return selector ? items.filter((o) => matchesLabels(selector, o.metadata.labels)) : items;
  }

  byIndex(indexName: string, value: string): T[] {
    return this.#store.byIndex(indexName, value);
  }

  /** Pods bound to a node (index on spec.nodeName). */
  byNodeName(nodeName: string): T[] {
    return this.#store.byIndex(NODE_NAME_INDEX, nodeName);
  }

  /** Objects listing `uid` among their ownerReferences. */
  byOwnerUid(uid: string): T[] {
    return this.#store.byIndex(OWNER_UID_INDEX, uid);
  }
}
