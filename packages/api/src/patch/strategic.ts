/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), the body kubectl apply,
 * edit and rollout restart send. Written here because no maintained JS library implements
 * SMP (it needs per-field merge keys/strategies, which upstream reads from Go struct tags);
 * we read the same metadata from the kind's JSON schema (see smp-schema.ts). Semantics
 * follow apimachinery `util/strategicpatch/patch.go` as the apiserver runs it
 * (MergeParallelList + IgnoreUnmatchedNulls): `null` deletes, maps merge, lists replace
 * unless `x-kubernetes-patch-strategy: merge`, plus the `$patch`, `$retainKeys`,
 * `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>` directives.
 */
import type { JsonObject } from './merge-patch.ts';
import { isJsonObject } from './merge-patch.ts';
import {
  ERR_BAD_JSON_DOC,
  ERR_BAD_PRIMITIVE_LIST,
  ERR_BAD_RETAIN_KEYS,
  ERR_BAD_SET_ELEMENT_ORDER,
  errBadArgType,
  goFormat,
  smpError,
} from './smp-errors.ts';
import { normalizeElementOrder, partitionByPresence } from './smp-order.ts';
import { fieldNode, itemsNode, patchMeta, resolveNode } from './smp-schema.ts';
import type { SchemaContext, SchemaNode } from './smp-schema.ts';
import { mergeSlice, sliceElementKind } from './strategic-list.ts';

const DELETE_PREFIX = '$deleteFromPrimitiveList';
const ORDER_PREFIX = '$setElementOrder';
const RETAIN_KEYS = '$retainKeys';

export const DROP: unique symbol = Symbol('drop');

function isDirectiveKey(k: string): boolean {
  return k === '$patch' || k === RETAIN_KEYS || k.startsWith(`${ORDER_PREFIX}/`) || k.startsWith(`${DELETE_PREFIX}/`);
}

/**
 * A patch value with nothing to merge into: nulls are discarded and directives resolved
 * (an added list or map never carries `$patch`/`$setElementOrder` into the stored object).
 */
export function cleanNewValue(v: unknown, node: SchemaNode | undefined, ctx: SchemaContext): unknown {
  if (isJsonObject(v)) {
    if (v.$patch === 'delete') return DROP;
    const out: JsonObject = {};
    for (const [k, sub] of Object.entries(v)) {
      if (isDirectiveKey(k) || sub === null) continue;
      const c = cleanNewValue(sub, fieldNode(node, k, ctx), ctx);
      if (c !== DROP) out[k] = c;
    }
    return out;
  }
  if (Array.isArray(v)) {
    const items = itemsNode(node, ctx);
    return v.map((x) => cleanNewValue(x, items, ctx)).filter((x) => x !== DROP);
  }
  return v;
}

/** `$deleteFromPrimitiveList/x` → `x`; malformed prefixes are upstream's format errors. */
function extractKey(k: string, prefix: string): string {
  const i = k.indexOf('/');
  if (i < 0 || k.slice(0, i) !== prefix) throw smpError(prefix === DELETE_PREFIX ? ERR_BAD_PRIMITIVE_LIST : ERR_BAD_SET_ELEMENT_ORDER);
  return k.slice(i + 1);
}

function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!(RETAIN_KEYS in patch)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw smpError(ERR_BAD_RETAIN_KEYS);
  const keep = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_PREFIX) || k.startsWith(ORDER_PREFIX)) continue;
    if (!keep.has(k)) throw smpError(ERR_BAD_RETAIN_KEYS);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** validatePatchWithSetOrderList: patch items must appear in the order list, in that order. */
function validateSetOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? patchList.filter((v) => !(isJsonObject(v) && v.$patch === 'delete')) : patchList;
  const keyOf = (v: unknown) => (mergeKey ? (isJsonObject(v) ? v[mergeKey] : undefined) : v);
  let p = 0;
  let o = 0;
  while (p < nonDelete.length && o < order.length) {
    const item = nonDelete[p];
    if (isJsonObject(item) && '$patch' in item) {
      p++;
      continue;
    }
    if (keyOf(item) === keyOf(order[o])) p++;
    o++;
  }
  if (p < nonDelete.length && o >= order.length) {
    throw smpError(`The order in patch list:\n${goFormat(patchList)}\n doesn't match ${ORDER_PREFIX} list:\n${goFormat(order)}\n`);
  }
}

/** mergePatchIntoOriginal: merge every list that has a `$setElementOrder/<list>` and order it. */
function applySetElementOrder(original: JsonObject, patch: JsonObject, node: SchemaNode | undefined, ctx: SchemaContext): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(ORDER_PREFIX)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw errBadArgType('[]interface {}', order);
    const listKey = extractKey(key, ORDER_PREFIX);
    const foundOriginal = listKey in original;
    const foundPatch = listKey in patch;
    const origList = original[listKey];
    const patchList = patch[listKey];
    if (foundOriginal && !Array.isArray(origList)) throw errBadArgType('[]interface {}', origList);
    if (foundPatch && !Array.isArray(patchList)) throw errBadArgType('[]interface {}', patchList);
    const sub = fieldNode(node, listKey, ctx);
    const meta = patchMeta(sub);
    const origArr = (origList ?? []) as unknown[];
    const patchArr = (patchList ?? []) as unknown[];
    validateSetOrder(patchArr, order, meta.mergeKey);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = origArr;
    else if (!foundOriginal && foundPatch) merged = cleanNewValue(patchArr, sub, ctx) as unknown[];
    else if (foundOriginal && foundPatch) {
      merged = meta.strategy === 'merge' ? mergeSlice(origArr, patchArr, itemsNode(sub, ctx), meta.mergeKey, false, ctx) : (cleanNewValue(patchArr, sub, ctx) as unknown[]);
    } else continue;
    delete patch[listKey];
    const kind = sliceElementKind(origArr, patchArr);
    if (kind === undefined || merged.length === 0) {
      original[listKey] = merged;
      continue;
    }
    const [inOrder, serverOnly] = partitionByPresence(merged, order, meta.mergeKey, kind);
    original[listKey] = normalizeElementOrder(inOrder, serverOnly, order, origArr, meta.mergeKey, kind);
  }
}

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v);

export function mergeMap(original: JsonObject | undefined, patch: JsonObject, node: SchemaNode | undefined, ctx: SchemaContext): JsonObject {
  if ('$patch' in patch) {
    const directive = patch.$patch;
    if (directive === 'replace') {
      const { $patch: _ignored, ...rest } = patch;
      return cleanNewValue(rest, node, ctx) as JsonObject;
    }
    if (directive === 'delete') return {};
    // Upstream rejects `$patch: merge` on maps; merging is the default anyway, so accept it.
    if (directive !== 'merge') throw smpError(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
    delete patch.$patch;
  }
  const orig = original ?? {};
  applyRetainKeys(orig, patch);
  applySetElementOrder(orig, patch, node, ctx);

  for (const rawKey of Object.keys(patch)) {
    const patchV = patch[rawKey];
    let key = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_PREFIX)) {
      key = extractKey(rawKey, DELETE_PREFIX);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete orig[key];
      continue;
    }
    const sub = fieldNode(node, key, ctx);
    if (!(key in orig) || kindOf(orig[key]) !== kindOf(patchV)) {
      if (!isDeleteList) {
        const c = cleanNewValue(patchV, sub, ctx);
        if (c === DROP) delete orig[key];
        else orig[key] = c;
      }
      continue;
    }
    let meta;
    try {
      meta = patchMeta(sub);
    } catch (e) {
      throw smpError((e as Error).message);
    }
    const cur = orig[key];
    if (isJsonObject(cur)) {
      orig[key] = meta.strategy === 'replace' ? cleanNewValue(patchV, sub, ctx) : mergeMap(cur, patchV as JsonObject, sub, ctx);
    } else if (Array.isArray(cur)) {
      if (isDeleteList || meta.strategy === 'merge') {
        orig[key] = mergeSlice(cur, patchV as unknown[], itemsNode(sub, ctx), meta.mergeKey, isDeleteList, ctx);
      } else {
        orig[key] = cleanNewValue(patchV, sub, ctx);
      }
    } else {
      orig[key] = patchV;
    }
  }
  return orig;
}

/**
 * Apply a strategic merge patch to `target` using `schema` (the kind's TypeBox/JSON schema)
 * for merge keys and strategies. Returns a new object; inputs are not modified.
 */
export function applyStrategicMergePatch<T = JsonObject>(target: unknown, patch: unknown, schema?: SchemaNode, ctx: SchemaContext = {}): T {
  if (!isJsonObject(patch)) throw smpError(ERR_BAD_JSON_DOC);
  const original = isJsonObject(target) ? structuredClone(target) : {};
  return mergeMap(original, structuredClone(patch), resolveNode(schema, ctx), ctx) as T;
}
