/**
 * Round-robin over the current backend list. Replacing the list keeps the rotation going
 * (no restart at the first backend on every endpoint change, which would pile new
 * connections onto it), and an empty list means "refuse".
 */
export class RoundRobin<T> {
  #items: readonly T[] = [];
  #next = 0;

  set(items: readonly T[]): void {
    this.#items = [...items];
  }

  get items(): readonly T[] {
    return this.#items;
  }

  next(): T | undefined {
    if (this.#items.length === 0) return undefined;
    const item = this.#items[this.#next % this.#items.length];
    this.#next = (this.#next + 1) % this.#items.length;
    return item;
  }
}
