/**
 * One informer (one list + one watch, one cache) per resource and selector per process,
 * however many controllers ask for it: the kube-controller-manager's SharedInformerFactory.
 */
import type { KubeObject } from '@skiff/api';
import { Informer, type InformerOptions } from './informer.ts';
import type { ListWatchSource } from './list-watch.ts';
import type { ResourceRef } from './paths.ts';

export interface InformerScope {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

export type FactoryOptions = Omit<InformerOptions<KubeObject>, 'indexers' | 'labelSelector' | 'fieldSelector'>;

export class SharedInformerFactory {
  readonly #source: ListWatchSource;
  readonly #defaults: FactoryOptions;
  readonly #informers = new Map<string, Informer<KubeObject>>();
  #started = false;

  constructor(source: ListWatchSource, defaults: FactoryOptions = {}) {
    this.#source = source;
    this.#defaults = defaults;
  }

  /** The shared informer for `ref` (+scope); created on first request, started at once if the factory runs. */
  informerFor<T extends KubeObject = KubeObject>(ref: ResourceRef, scope: InformerScope = {}): Informer<T> {
    const namespace = scope.namespace ?? this.#defaults.namespace;
    const key = [ref.group, ref.version, ref.plural, namespace ?? '', scope.labelSelector ?? '', scope.fieldSelector ?? ''].join('|');
    let inf = this.#informers.get(key);
    if (!inf) {
      inf = new Informer<KubeObject>(this.#source, ref, { ...this.#defaults, ...scope, namespace });
      this.#informers.set(key, inf);
      if (this.#started) inf.start();
    }
    return inf as unknown as Informer<T>;
  }

  start(): void {
    this.#started = true;
    for (const inf of this.#informers.values()) inf.start();
  }

  /** True when every informer created so far has synced. */
  async waitForSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.#informers.values()].map((i) => i.waitForSync(signal)));
    return results.every(Boolean);
  }

  hasSynced(): boolean {
    return [...this.#informers.values()].every((i) => i.hasSynced());
  }

  async stop(): Promise<void> {
    this.#started = false;
    await Promise.all([...this.#informers.values()].map((i) => i.stop()));
  }
}
