/**
 * The last resort against a gang left below its minimum holding devices. Bindings are
 * final (upstream never unbinds), so when a member fails at Bind after others were bound
 * (the API refused it, its node vanished after the barrier), the failed member is retried
 * on its own while the bound ones keep their GPUs. If the gang is still below minCount when
 * its timeout runs out, the bound members are evicted (deleted with a uid precondition, as
 * preemption deletes victims): their claims are released, their controllers recreate them,
 * and the gang starts again whole. Armed only by a failure after Reserve, never by members
 * finishing or being deleted, so a running gang that shrinks on its own is left alone.
 */
export class IncompleteGangs {
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** Arm once per gang: the deadline counts from the first failure, not the latest retry. */
  arm(gang: string, ms: number, expire: () => void): void {
    if (this.#timers.has(gang)) return;
    const t = setTimeout(() => {
      this.#timers.delete(gang);
      expire();
    }, ms);
    t.unref?.();
    this.#timers.set(gang, t);
  }

  disarm(gang: string): void {
    clearTimeout(this.#timers.get(gang));
    this.#timers.delete(gang);
  }

  armed(gang: string): boolean {
    return this.#timers.has(gang);
  }
}
