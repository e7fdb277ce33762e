/**
 * Per-attempt scratch space shared by a pod's plugins across extension points
 * (PreFilter computes, Filter/Score/Reserve read). One CycleState per scheduling attempt;
 * preemption clones it before simulating victim removal so the real attempt is untouched.
 */
export class CycleState {
  readonly #data = new Map<string, unknown>();
  /** Plugins whose PreFilter said Skip: their Filter is not run. */
  readonly skipFilter = new Set<string>();
  /** Plugins whose PreScore said Skip: their Score is not run. */
  readonly skipScore = new Set<string>();

  read<T>(key: string): T | undefined {
    return this.#data.get(key) as T | undefined;
  }

  write(key: string, value: unknown): void {
    this.#data.set(key, value);
  }

  delete(key: string): void {
    this.#data.delete(key);
  }

  /** Shallow copy: values that are mutated during simulation must implement their own clone. */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.#data) {
      const cl = (v as { clone?: () => unknown } | null)?.clone;
      c.#data.set(k, typeof cl === 'function' ? cl.call(v) : v);
    }
    for (const s of this.skipFilter) c.skipFilter.add(s);
    for (const s of this.skipScore) c.skipScore.add(s);
    return c;
  }
}
