/**
 * List half of strategic merge patch (upstream mergeSlice): primitive lists with
 * strategy `merge` are unioned (or pruned by `$deleteFromPrimitiveList`), lists of objects
 * merge item-by-item on the merge key, honouring `$patch: delete|replace` items.
 */
import type { JsonObject } from './merge-patch.ts';
import { isJsonObject } from './merge-patch.ts';
import { smpError, errNoMergeKey, ERR_NO_LIST_OF_LISTS, goFormat } from './smp-errors.ts';
import { normalizeElementOrder, partitionByPresence } from './smp-order.ts';
import type { ElemKind } from './smp-order.ts';
import type { SchemaContext, SchemaNode } from './smp-schema.ts';
import { cleanNewValue, DROP, mergeMap } from './strategic.ts';

/** sliceElementType: every element the same JSON type, and never a list. */
export function sliceElementKind(...lists: unknown[][]): ElemKind | undefined {
  let prev: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v;
      if (prev === undefined) {
        if (t === 'list') throw smpError(ERR_NO_LIST_OF_LISTS);
        prev = t;
      } else if (prev !== t) {
        throw smpError(`list element types are not identical: ${lists.map(goFormat).join(' ')}`);
      }
    }
  }
  if (prev === undefined) return undefined;
  return prev === 'object' ? 'map' : 'scalar';
}

/** Go's in-place "clever" dedupe: a duplicate is overwritten by the last element. */
function dedupeScalars(input: unknown[]): unknown[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

function deleteFromSlice(current: unknown[], toDelete: unknown[]): unknown[] {
  return current.filter((v) => !toDelete.includes(v));
}

function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isJsonObject(v)) throw smpError(`value for key ${i} is not a map.`);
    if (mergeKey in v && v[mergeKey] === value) return i;
  }
  return -1;
}

/** Apply `$patch: delete` / `$patch: replace` items; returns [original, patch-without-specials]. */
function applySpecialElements(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  let orig = original;
  const rest: unknown[] = [];
  let replace = false;
  for (const v of patch) {
    const item = v as JsonObject;
    if (!('$patch' in item)) {
      rest.push(v);
      continue;
    }
    switch (item.$patch) {
      case 'delete':
        if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
        orig = orig.filter((o) => !(isJsonObject(o) && mergeKey in o && o[mergeKey] === item[mergeKey]));
        break;
      case 'replace':
        replace = true; // keep scanning to prune the other directive items
        break;
      case 'merge':
        throw smpError('merging lists cannot yet be specified in the patch');
      default:
        throw smpError(`unknown patch type: ${goFormat(item.$patch)} in map: ${goFormat(item)}`);
    }
  }
  return replace ? [rest, []] : [orig, rest];
}

export function mergeSlice(
  original: unknown[],
  patch: unknown[],
  itemNode: SchemaNode | undefined,
  mergeKey: string,
  isDeleteList: boolean,
  ctx: SchemaContext,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch) as ElemKind;
  let orig = original;
  let pat = patch;
  let merged: unknown[];
  if (kind !== 'map') {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = dedupeScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw smpError('cannot merge lists without merge key for type struct');
    [orig, pat] = applySpecialElements(original, patch, mergeKey);
    merged = [...orig];
    for (const v of pat) {
      const item = v as JsonObject;
      if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
      const at = findByKey(merged, mergeKey, item[mergeKey]);
      if (at >= 0) merged[at] = mergeMap(merged[at] as JsonObject, item, itemNode, ctx);
      else {
        const c = cleanNewValue(item, itemNode, ctx);
        if (c !== DROP) merged.push(c);
      }
    }
  }
  const [inPatch, serverOnly] = partitionByPresence(merged, pat, mergeKey, kind);
  return normalizeElementOrder(inPatch, serverOnly, pat, orig, mergeKey, kind);
}
