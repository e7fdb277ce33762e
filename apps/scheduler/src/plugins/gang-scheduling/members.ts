/**
 * Who of each gang holds resources, by pod key: `reserved` (assumed by this scheduler, from
 * Reserve until the binding is confirmed or undone) and `bound` (the API says so, phase not
 * terminal). Kept from Reserve/Unreserve and pod events so Permit counts a gang in O(1)
 * instead of scanning every pod in the cache for each member.
 */
export class GangMembers {
  readonly #reserved = new Map<string, Set<string>>();
  readonly #bound = new Map<string, Set<string>>();

  reserve(gang: string, pod: string): void {
    add(this.#reserved, gang, pod);
  }

  unreserve(gang: string, pod: string): void {
    remove(this.#reserved, gang, pod);
  }

  bound(gang: string, pod: string): void {
    remove(this.#reserved, gang, pod);
    add(this.#bound, gang, pod);
  }

  /** Deleted or finished: holds nothing any more. */
  gone(gang: string, pod: string): void {
    remove(this.#reserved, gang, pod);
    remove(this.#bound, gang, pod);
  }

  /** Members holding resources: reserved or bound. */
  count(gang: string): number {
    const b = this.#bound.get(gang);
    let n = b?.size ?? 0;
    for (const k of this.#reserved.get(gang) ?? []) if (!b?.has(k)) n++;
    return n;
  }

  boundKeys(gang: string): string[] {
    return [...(this.#bound.get(gang) ?? [])];
  }

  isBound(gang: string, pod: string): boolean {
    return this.#bound.get(gang)?.has(pod) ?? false;
  }
}

function add(m: Map<string, Set<string>>, gang: string, pod: string): void {
  let s = m.get(gang);
  if (!s) m.set(gang, (s = new Set()));
  s.add(pod);
}

function remove(m: Map<string, Set<string>>, gang: string, pod: string): void {
  const s = m.get(gang);
  if (!s) return;
  s.delete(pod);
  if (s.size === 0) m.delete(gang);
}
