/**
 * Unknown-field detection for fieldValidation (Strict → 400 `strict decoding error: unknown
 * field "spec.foo"`, Warn → Warning header, Ignore → dropped silently). Records and
 * Unknown-typed subtrees (opaque DRA parameters) accept any key.
 */
import { isCleanObject } from './fast-check.ts';
import type { TSchema } from '@sinclair/typebox';
import { shapeOf, isPlainObject, childPath, indexPath, keyPath } from './introspect.ts';

export interface PruneOptions {
  /** Delete unknown fields from obj in place (fieldValidation=Ignore, and after Warn). */
  remove: boolean;
}

/** Returns the paths of unknown fields, in document order. */
export function pruneUnknownFields(schema: TSchema, obj: unknown, opts: PruneOptions): string[] {
  if (isCleanObject(schema, obj)) return [];
  return unknownFields(schema, obj, opts);
}

/** The full walk, without the compiled fast path (tests compare the two). */
export function unknownFields(schema: TSchema, obj: unknown, opts: PruneOptions): string[] {
  const found: string[] = [];
  walk(schema, obj, '', opts.remove, found);
  return found;
}

function walk(schema: TSchema, value: unknown, path: string, remove: boolean, found: string[]): void {
  if (value === null || value === undefined) return;
  const shape = shapeOf(schema);
  switch (shape.type) {
    case 'object': {
      if (!isPlainObject(value)) return;
      for (const key of Object.keys(value)) {
        const prop = shape.properties[key];
        const p = childPath(path, key);
        if (!prop) {
          found.push(p);
          if (remove) delete value[key];
          continue;
        }
        walk(prop, value[key], p, remove, found);
      }
      return;
    }
    case 'record':
      if (!isPlainObject(value)) return;
      for (const [k, v] of Object.entries(value)) walk(shape.value, v, keyPath(path, k), remove, found);
      return;
    case 'array':
      if (!Array.isArray(value)) return;
      value.forEach((item, i) => walk(shape.items, item, indexPath(path, i), remove, found));
      return;
    case 'nullable':
      walk(shape.inner, value, path, remove, found);
      return;
    case 'union': {
      // Descend into the first object-like member; scalar unions have no fields to prune.
      const objMember = shape.members.find((m) => shapeOf(m).type === 'object');
      if (objMember && isPlainObject(value)) walk(objMember, value, path, remove, found);
      return;
    }
    default:
      return;
  }
}

/** The 400 message upstream's strict decoder produces. */
export function strictDecodingMessage(paths: string[]): string {
  const parts = paths.map((p) => `unknown field "${p}"`);
  return parts.length === 1 ? `strict decoding error: ${parts[0]}` : `strict decoding error: ${parts.join(', ')}`;
}
