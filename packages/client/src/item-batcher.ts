/**
 * Writes asked for in one event-loop turn travel in one request to one of Skiff's batch
 * endpoints (api-server routes/batch/: bindings, events; not Kubernetes APIs, so a client of
 * another server falls back as below): a burst of N writes costs one HTTP
 * round trip and one SQLite commit instead of N. Each write still gets its own answer, the
 * Status its single endpoint would have returned, as an ApiError on failure, so callers
 * handle "already bound" or "pod gone" exactly as before.
 *
 * A server without the endpoint (404/405), or one that does not let this client use it (403),
 * turns batching off for good and the writes go one by one; a batch that fails as a whole (connection lost, 5xx) fails each write in it
 * with that error.
 */
import type { Status } from '@skiff/api';
import { ApiError } from './errors.ts';

export const MAX_BATCH = 500;

export type PostJson = <T>(path: string, req: { method: string; body: unknown }) => Promise<T>;

export interface ItemBatcherOptions<T> {
  post: PostJson;
  /** e.g. /apis/skiff.dev/v1/bindings */
  path: string;
  /** The item kind: the body is a `<kind>List`. */
  kind: string;
  encode: (item: T) => unknown;
  /** The single endpoint, for servers without the batch one (resolves as submit does). */
  single: (item: T) => Promise<unknown>;
}

interface Pending<T> {
  item: T;
  resolve: (answer: unknown) => void;
  reject: (e: unknown) => void;
}

export class ItemBatcher<T> {
  readonly #o: ItemBatcherOptions<T>;
  #queue: Pending<T>[] = [];
  #scheduled = false;
  #supported = true;
  /** Requests sent (tests and metrics read it). */
  batches = 0;

  constructor(o: ItemBatcherOptions<T>) {
    this.#o = o;
  }

  /**
   * Resolves with the item's answer (its Status, or for creates the stored object); rejects
   * with an ApiError carrying the item's failure Status.
   */
  submit(item: T): Promise<unknown> {
    if (!this.#supported) return this.#o.single(item);
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

  async #send(batch: Pending<T>[]): Promise<void> {
    if (!this.#supported) return this.#oneByOne(batch);
    this.batches++;
    let answer: { items?: unknown[] };
    try {
      answer = await this.#o.post<{ items?: unknown[] }>(this.#o.path, { method: 'POST', body: { apiVersion: 'skiff.dev/v1', kind: `${this.#o.kind}List`, items: batch.map((p) => this.#o.encode(p.item)) } });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 403 || e.code === 404 || e.code === 405)) {
        this.#supported = false;
        return this.#oneByOne(batch);
      }
      for (const p of batch) p.reject(e);
      return;
    }
    batch.forEach((p, i) => {
      const a = answer.items?.[i] as (Status & { kind?: string }) | undefined;
      // An item's answer is its Status, or (creates) the object itself; a failure is a Status.
      if (a && typeof a === 'object' && (a.kind !== 'Status' || a.status === 'Success')) p.resolve(a);
      else p.reject(new ApiError(a ?? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500, reason: 'InternalError', message: 'the batch answer has no result for this item' }));
    });
  }

  #oneByOne(batch: Pending<T>[]): void {
    for (const p of batch) this.#o.single(p.item).then(p.resolve, p.reject);
  }
}
