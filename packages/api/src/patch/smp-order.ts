/**
 * Element ordering after a strategic list merge (upstream normalizeElementOrder and
 * friends): patch items follow the patch (or `$setElementOrder`), server-only items keep
 * their live order, and the two are interleaved by live position. Reproduces Go's
 * sort.SliceStable (insertion sort for ≤ 20 items) with upstream's non-strict comparator.
 */
import type { JsonObject } from './merge-patch.ts';
import { isJsonObject } from './merge-patch.ts';
import { errBadArgType, errNoMergeKey } from './smp-errors.ts';

export type ElemKind = 'map' | 'scalar';

/** Merge-key value for maps, the item itself for scalars. */
function keyOf(item: unknown, mergeKey: string, kind: ElemKind): unknown {
  if (kind !== 'map') return item;
  return isJsonObject(item) ? item[mergeKey] : undefined;
}

export function indexIn(list: unknown[], item: unknown, mergeKey: string, kind: ElemKind): number {
  const k = keyOf(item, mergeKey, kind);
  return list.findIndex((v) => keyOf(v, mergeKey, kind) === k);
}

function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonObject(item)) throw errBadArgType('map[string]interface {}', item);
      if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** Go's insertionSort as used by sort.SliceStable on short slices. */
function goStableSort<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  const s = [...items];
  for (let i = 1; i < s.length; i++) {
    for (let j = i; j > 0 && less(s[j] as T, s[j - 1] as T); j--) {
      const t = s[j] as T;
      s[j] = s[j - 1] as T;
      s[j - 1] = t;
    }
  }
  return s;
}

/** normalizeSliceOrder: sort by `order`; `$patch: delete` items go last. */
export function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: ElemKind): unknown[] {
  let items = toSort;
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    items = toSort.filter((v) => (v as JsonObject).$patch !== 'delete');
    toDelete = toSort.filter((v) => (v as JsonObject).$patch === 'delete');
  }
  const sorted = goStableSort(items, (a, b) => {
    const ia = indexIn(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexIn(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...sorted, ...toDelete];
}

/** mergeSortedSlice: insert server-only items (left) among patch items (right) by live order. */
function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: ElemKind): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElemKind,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** Split merged items into those named by `by` (patch/setElementOrder) and server-only ones. */
export function partitionByPresence(merged: unknown[], by: unknown[], mergeKey: string, kind: ElemKind): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of merged) {
    if (kind === 'map') {
      if (!isJsonObject(v)) throw errBadArgType('map[string]interface {}', v);
      if (!(mergeKey in v)) throw errNoMergeKey(v, mergeKey);
    }
    (indexIn(by, v, mergeKey, kind) >= 0 ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}
