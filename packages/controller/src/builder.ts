/**
 * Wiring that reads like controller-runtime's builder:
 *
 *   controller('replicaset').withFactory(factory).for(replicaSets).owns(pods).reconcile(r)
 *
 * `for` objects enqueue their own key; `owns` objects enqueue their controller owner's
 * key (ownerReferences with controller: true, matched on the `for` kind); `watches`
 * takes an arbitrary mapping. Handlers only enqueue, whatever the event type.
 */
import type { KubeObject } from '@skiff/api';
import { type Informer, type InformerScope, type ResourceRef, type SharedInformerFactory } from '@skiff/client';
import { Controller } from './controller.ts';
import type { ControllerHooks } from './metrics.ts';
import { ownerRequest } from './owner-refs.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { requestKey, type Reconciler, type Request } from './reconciler.ts';
import { WorkQueue } from './workqueue.ts';

type MapFn = (obj: KubeObject) => Request[];
interface Source {
  ref: ResourceRef;
  scope: InformerScope;
  map: MapFn | 'self' | 'owner';
}

export class ControllerBuilder {
  readonly #name: string;
  #factory: SharedInformerFactory | undefined;
  #for: Source | undefined;
  readonly #sources: Source[] = [];
  #workers = 1;
  #rateLimiter: RateLimiter<string> | undefined;
  #hooks: ControllerHooks | undefined;
  #onError: ((e: unknown, key: string) => void) | undefined;

  constructor(name: string) {
    this.#name = name;
  }

  withFactory(factory: SharedInformerFactory): this {
    this.#factory = factory;
    return this;
  }
  for(ref: ResourceRef, scope: InformerScope = {}): this {
    this.#for = { ref, scope, map: 'self' };
    return this;
  }
  owns(ref: ResourceRef, scope: InformerScope = {}): this {
    this.#sources.push({ ref, scope, map: 'owner' });
    return this;
  }
  watches(ref: ResourceRef, map: MapFn, scope: InformerScope = {}): this {
    this.#sources.push({ ref, scope, map });
    return this;
  }
  withWorkers(n: number): this {
    this.#workers = n;
    return this;
  }
  withRateLimiter(rl: RateLimiter<string>): this {
    this.#rateLimiter = rl;
    return this;
  }
  withHooks(hooks: ControllerHooks): this {
    this.#hooks = hooks;
    return this;
  }
  onError(fn: (e: unknown, key: string) => void): this {
    this.#onError = fn;
    return this;
  }

  /** Build the controller (not started: call `start()`). */
  reconcile(reconciler: Reconciler): Controller {
    const factory = this.#factory;
    const primary = this.#for;
    if (!factory) throw new Error(`controller ${this.#name}: withFactory() is required`);
    if (!primary) throw new Error(`controller ${this.#name}: for() is required`);
    const owner = primary.ref;
    if (this.#sources.some((s) => s.map === 'owner') && !owner.kind)
      throw new Error(`controller ${this.#name}: owns() needs the for() ResourceRef to carry its kind`);
    const wired = [primary, ...this.#sources].map((s) => ({ informer: factory.informerFor(s.ref, s.scope), map: toMapFn(s, owner) }));
    return new Controller({
      name: this.#name,
      reconciler,
      workers: this.#workers,
      queue: new WorkQueue<string>(this.#rateLimiter ? { rateLimiter: this.#rateLimiter } : {}),
      informers: wired.map((w) => w.informer),
      wire: (enqueue) => {
        const unsubscribe = wired.map(({ informer, map }) => subscribe(informer, map, enqueue));
        return () => unsubscribe.forEach((u) => u());
      },
      ...(this.#hooks ? { hooks: this.#hooks } : {}),
      ...(this.#onError ? { onError: this.#onError } : {}),
    });
  }
}

export function controller(name: string): ControllerBuilder {
  return new ControllerBuilder(name);
}

function toMapFn(s: Source, owner: ResourceRef): MapFn {
  if (s.map === 'self') return (obj) => [{ namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '' }];
  if (s.map === 'owner') return (obj) => {
    const r = ownerRequest(obj, owner);
    return r ? [r] : [];
  };
  return s.map;
}

function subscribe(informer: Informer, map: MapFn, enqueue: (key: string) => void): () => void {
  const push = (obj: KubeObject) => {
    for (const req of map(obj)) enqueue(requestKey(req));
  };
  return informer.addEventHandler({
    onAdd: push,
    // Both: an owned object that changed owner must wake the old owner too.
    onUpdate: (oldObj, newObj) => {
      push(oldObj);
      push(newObj); // the queue de-duplicates when both map to the same key
    },
    onDelete: push,
  });
}
