/**
 * The informer's cache: objects by `namespace/name` key plus secondary indexes
 * (index name → index value → keys), like client-go's thread-safe store. Built-in
 * indexes answer the questions every component asks: pods of a namespace, pods on a
 * node, children of an owner.
 */
import type { KubeObject } from '@skiff/api';

export type IndexFunc<T> = (obj: T) => readonly string[];

export const NAMESPACE_INDEX = 'namespace';
export const NODE_NAME_INDEX = 'spec.nodeName';
export const OWNER_UID_INDEX = 'ownerUid';

export const defaultIndexers: Record<string, IndexFunc<KubeObject>> = {
  [NAMESPACE_INDEX]: (o) => (o.metadata.namespace ? [o.metadata.namespace] : []),
  [NODE_NAME_INDEX]: (o) => {
    const n = (o.spec as { nodeName?: unknown } | undefined)?.nodeName;
    return typeof n === 'string' && n ? [n] : [];
  },
  [OWNER_UID_INDEX]: (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid),
};

/** `ns/name` for namespaced objects, `name` for cluster-scoped ones (client-go MetaNamespaceKeyFunc). */
export function objectKey(o: Pick<KubeObject, 'metadata'>): string {
  const { namespace, name = '' } = o.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

export class Indexer<T extends KubeObject> {
  readonly #items = new Map<string, T>();
  readonly #funcs = new Map<string, IndexFunc<T>>();
  readonly #indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Record<string, IndexFunc<T>> = defaultIndexers as Record<string, IndexFunc<T>>) {
    for (const [name, fn] of Object.entries(indexers)) this.addIndexer(name, fn);
  }

  /** Add an index; existing objects are indexed at once, so it may be added after sync. */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.#funcs.has(name)) throw new Error(`indexer "${name}" already exists`);
    this.#funcs.set(name, fn);
    this.#indices.set(name, new Map());
    for (const [key, obj] of this.#items) this.#indexOne(name, fn, key, obj);
  }

  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  /** Insert or replace; returns the previous object. */
  set(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.#items.get(key);
    if (old) this.#unindex(key, old);
    this.#items.set(key, obj);
    for (const [name, fn] of this.#funcs) this.#indexOne(name, fn, key, obj);
    return old;
  }

  delete(key: string): T | undefined {
    const old = this.#items.get(key);
    if (!old) return undefined;
    this.#unindex(key, old);
    this.#items.delete(key);
    return old;
  }

  keys(): string[] {
    return [...this.#items.keys()];
  }

  list(): T[] {
    return [...this.#items.values()];
  }

  get size(): number {
    return this.#items.size;
  }

  byIndex(name: string, value: string): T[] {
    const index = this.#indices.get(name);
    if (!index) throw new Error(`indexer "${name}" does not exist`);
    return [...(index.get(value) ?? [])].map((k) => this.#items.get(k)!);
  }

  indexNames(): string[] {
    return [...this.#funcs.keys()];
  }

  #indexOne(name: string, fn: IndexFunc<T>, key: string, obj: T): void {
    const index = this.#indices.get(name)!;
    for (const value of fn(obj)) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  #unindex(key: string, obj: T): void {
    for (const [name, fn] of this.#funcs) {
      const index = this.#indices.get(name)!;
      for (const value of fn(obj)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}
