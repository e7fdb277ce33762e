/** The merge patch that turns one status into another (top-level fields; null removes). */
/** Status fields that differ, or undefined when nothing changed. */
export function statusPatch<S extends object>(current: S | undefined, next: S): Record<string, unknown> | undefined {
  const cur = (current ?? {}) as Record<string, unknown>;
  const nxt = next as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(cur), ...Object.keys(nxt)])) {
    if (JSON.stringify(cur[k]) !== JSON.stringify(nxt[k])) patch[k] = nxt[k] ?? null;
  }
  return Object.keys(patch).length ? patch : undefined;
}
