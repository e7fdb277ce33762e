/**
 * Bindings asked for in one event-loop turn travel in one request to Skiff's batch endpoint
 * (api-server routes/subresources/binding-batch.ts): a burst of N bindings costs one HTTP
 * round trip and one SQLite commit instead of N. Each binding still gets its own answer,
 * the Status the single endpoint would have returned, as an ApiError on failure, so the
 * binding cycle's handling (already bound, pod gone) is unchanged.
 *
 * A server without the endpoint (404/405) turns batching off for good and the bindings go
 * one by one; a batch that fails as a whole (connection lost, 5xx) fails each binding in it
 * with that error, and the binding cycle requeues them as it would a single failure.
 */
import type { Status } from '@skiff/api';
import { ApiError } from '@skiff/client';

export const BATCH_PATH = '/apis/skiff.dev/v1/bindings';
export const MAX_BATCH = 500;

export interface BindingItem {
  namespace: string;
  name: string;
  uid: string;
  node: string;
}

export type PostJson = <T>(path: string, req: { method: string; body: unknown }) => Promise<T>;

interface Pending {
  item: BindingItem;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const binding = (b: BindingItem) => ({
  apiVersion: 'v1',
  kind: 'Binding',
  metadata: { name: b.name, namespace: b.namespace, uid: b.uid },
  target: { apiVersion: 'v1', kind: 'Node', name: b.node },
});

export class BindBatcher {
  readonly #post: PostJson;
  readonly #single: (b: BindingItem) => Promise<void>;
  #queue: Pending[] = [];
  #scheduled = false;
  #supported = true;
  /** Requests sent (tests and metrics read it). */
  batches = 0;

  constructor(post: PostJson, single: (b: BindingItem) => Promise<void>) {
    this.#post = post;
    this.#single = single;
  }

  bind(item: BindingItem): Promise<void> {
    if (!this.#supported) return this.#single(item);
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (this.#queue.length >= MAX_BATCH) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length) void this.#send(batch);
  }

  async #send(batch: Pending[]): Promise<void> {
    if (!this.#supported) return this.#oneByOne(batch);
    this.batches++;
    let answer: { items?: Status[] };
    try {
      answer = await this.#post<{ items?: Status[] }>(BATCH_PATH, { method: 'POST', body: { apiVersion: 'skiff.dev/v1', kind: 'BindingList', items: batch.map((p) => binding(p.item)) } });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 404 || e.code === 405)) {
        this.#supported = false;
        return this.#oneByOne(batch);
      }
      for (const p of batch) p.reject(e);
      return;
    }
    batch.forEach((p, i) => {
      const s = answer.items?.[i];
      if (s?.status === 'Success') p.resolve();
      else p.reject(new ApiError(s ?? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500, reason: 'InternalError', message: 'the batch answer has no result for this binding' }));
    });
  }

  #oneByOne(batch: Pending[]): void {
    for (const p of batch) this.#single(p.item).then(p.resolve, p.reject);
  }
}
