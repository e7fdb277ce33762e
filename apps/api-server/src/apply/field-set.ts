/**
 * The set of fields an applied configuration sets, in the FieldsV1 form upstream stores in
 * managedFields (`{"f:spec":{"f:replicas":{}}}`, keyed list items as `k:{"name":"main"}`).
 * Server-side apply uses it to remove what a manager applied before and no longer applies.
 */
import type { TSchema } from '@sinclair/typebox';

type FieldsV1 = { [k: string]: FieldsV1 };

function child(schema: TSchema | undefined, field: string): TSchema | undefined {
  if (!schema) return undefined;
  const props = (schema as { properties?: Record<string, TSchema> }).properties;
  if (props && props[field]) return props[field];
  const add = (schema as { additionalProperties?: TSchema | boolean }).additionalProperties;
  if (add && typeof add === 'object') return add;
  const pat = (schema as { patternProperties?: Record<string, TSchema> }).patternProperties;
  if (pat) return Object.values(pat)[0];
  return undefined;
}

function mergeKeyOf(schema: TSchema | undefined): string | undefined {
  return (schema as Record<string, unknown> | undefined)?.['x-kubernetes-patch-merge-key'] as string | undefined;
}

export function fieldSet(value: unknown, schema: TSchema | undefined): FieldsV1 {
  const out: FieldsV1 = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    const s = child(schema, k);
    const key = `f:${k}`;
    const mk = mergeKeyOf(s);
    if (Array.isArray(v) && mk) {
      const items: FieldsV1 = {};
      const itemSchema = (s as { items?: TSchema }).items;
      for (const item of v) {
        if (item && typeof item === 'object' && mk in item) {
          items[`k:${JSON.stringify({ [mk]: (item as Record<string, unknown>)[mk] })}`] = fieldSet(item, itemSchema);
        }
      }
      out[key] = items;
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out[key] = fieldSet(v, s);
      if (Object.keys(out[key]).length === 0) out[key] = { '.': {} };
    } else {
      out[key] = {};
    }
  }
  return out;
}

/** Remove from obj every path in `prev` that `next` lacks (leaves and keyed list items). */
export function removeDropped(obj: unknown, prev: FieldsV1, next: FieldsV1): void {
  if (obj === null || typeof obj !== 'object') return;
  for (const [pk, pchildren] of Object.entries(prev)) {
    if (pk === '.') continue;
    const nchildren = next[pk];
    if (pk.startsWith('f:')) {
      const field = pk.slice(2);
      const rec = obj as Record<string, unknown>;
      if (nchildren === undefined) {
        delete rec[field];
        continue;
      }
      removeDropped(rec[field], pchildren, nchildren);
    } else if (pk.startsWith('k:') && Array.isArray(obj)) {
      const sel = JSON.parse(pk.slice(2)) as Record<string, unknown>;
      const [mk, mv] = Object.entries(sel)[0] ?? [];
      const idx = obj.findIndex((it) => it && typeof it === 'object' && (it as Record<string, unknown>)[mk as string] === mv);
      if (idx < 0) continue;
      if (nchildren === undefined) obj.splice(idx, 1);
      else removeDropped(obj[idx], pchildren, nchildren);
    }
  }
}

export type { FieldsV1 };
