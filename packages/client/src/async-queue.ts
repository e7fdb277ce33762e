/**
 * Push-to-pull bridge: callback sources (WebSocket messages) feed an async iterator.
 * Unbounded on purpose: a watch consumer that stalls is the informer's problem to
 * notice, and dropping events here would corrupt its cache silently.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  readonly #items: T[] = [];
  #waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  #error: unknown;
  #failed = false;
  #ended = false;

  push(item: T): void {
    if (this.#ended || this.#failed) return;
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w.resolve({ value: item, done: false });
    } else this.#items.push(item);
  }

  /** The iterator throws `e` once the items before it are consumed. */
  fail(e: unknown): void {
    if (this.#ended || this.#failed) return;
    this.#failed = true;
    this.#error = e;
    this.#settle();
  }

  end(): void {
    if (this.#ended || this.#failed) return;
    this.#ended = true;
    this.#settle();
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.#items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.#failed) {
      this.#failed = false; // report the failure once, then behave as ended
      this.#ended = true;
      return Promise.reject(this.#error);
    }
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.#items.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  #settle(): void {
    const w = this.#waiter;
    if (!w || this.#items.length) return;
    this.#waiter = undefined;
    this.next().then(w.resolve, w.reject);
  }
}
