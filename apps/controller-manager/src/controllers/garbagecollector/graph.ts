/**
 * The garbage collector's view of the object graph, built from shared informers: every
 * watched object by uid, and dependents by owner uid (the informers' ownerUid index).
 * Keys name an object across kinds: `<plural>:<namespace>/<name>`.
 */
import type { KubeObject } from '@skiff/api';
import type { Informer, ResourceRef, SharedInformerFactory } from '@skiff/client';
import { nodesRef, OWNED_KINDS, servicesRef } from '../../refs.ts';

/** Owners we can look up: the kinds with dependents plus owner-only kinds. */
export const GRAPH_KINDS: readonly ResourceRef[] = [...OWNED_KINDS, servicesRef, nodesRef];

export interface Node {
  ref: ResourceRef;
  obj: KubeObject;
}

export class ObjectGraph {
  readonly informers: Informer[];
  readonly #byUid = new Map<string, Node>();
  readonly #byPlural = new Map<string, { ref: ResourceRef; informer: Informer }>();

  constructor(factory: SharedInformerFactory, kinds: readonly ResourceRef[] = GRAPH_KINDS) {
    this.informers = kinds.map((ref) => {
      const informer = factory.informerFor(ref);
      this.#byPlural.set(ref.plural, { ref, informer });
      informer.addEventHandler({
        onAdd: (o) => this.#set(ref, o),
        onUpdate: (_old, o) => this.#set(ref, o),
        onDelete: (o) => {
          if (o.metadata.uid) this.#byUid.delete(o.metadata.uid);
        },
      });
      return informer;
    });
  }

  byUid(uid: string): Node | undefined {
    return this.#byUid.get(uid);
  }

  refFor(plural: string): ResourceRef | undefined {
    return this.#byPlural.get(plural)?.ref;
  }

  /** The watched kind an ownerReference points at (any version of its group). */
  refForOwner(apiVersion: string, kind: string): ResourceRef | undefined {
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    return GRAPH_KINDS.find((r) => r.kind === kind && r.group === group);
  }

  get(key: string): Node | undefined {
    const { plural, namespace, name } = parseKey(key);
    const entry = this.#byPlural.get(plural);
    const obj = entry?.informer.lister.get(namespace, name);
    return entry && obj ? { ref: entry.ref, obj } : undefined;
  }

  /** Every watched object that lists `uid` among its owners. */
  dependents(uid: string): Node[] {
    const out: Node[] = [];
    for (const { ref, informer } of this.#byPlural.values()) for (const obj of informer.lister.byOwnerUid(uid)) out.push({ ref, obj });
    return out;
  }

  #set(ref: ResourceRef, o: KubeObject): void {
    if (o.metadata.uid) this.#byUid.set(o.metadata.uid, { ref, obj: o });
  }
}

export function nodeKey(ref: ResourceRef, o: KubeObject): string {
  return `${ref.plural}:${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

export function parseKey(key: string): { plural: string; namespace: string; name: string } {
  const c = key.indexOf(':');
  const s = key.indexOf('/', c);
  return { plural: key.slice(0, c), namespace: key.slice(c + 1, s), name: key.slice(s + 1) };
}
