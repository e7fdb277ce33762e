/** Taint/toleration matching (core/v1 toleration.go ToleratesTaint). */
import type { Taint, Toleration } from '@skiff/api';

export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  // Empty key with Exists matches every taint.
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

export function toleratedBy(taint: Taint, tolerations: readonly Toleration[] | undefined): boolean {
  for (const t of tolerations ?? []) if (tolerates(t, taint)) return true;
  return false;
}

/** The first taint with one of `effects` that no toleration covers. */
export function firstUntolerated(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined, effects: readonly string[]): Taint | undefined {
  for (const taint of taints ?? []) {
    if (!effects.includes(taint.effect)) continue;
    if (!toleratedBy(taint, tolerations)) return taint;
  }
  return undefined;
}
