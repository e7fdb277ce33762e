/**
 * Decode-time normalisation, as Go's JSON decoder + re-encoding does implicitly:
 * `null` in an optional field means "unset" (kubectl sends `status: {}` and
 * `creationTimestamp: null`), and quantities written as bare numbers (`cpu: 1`) become
 * their canonical string. Nullable schema fields keep their null.
 */
import type { TSchema } from '@sinclair/typebox';
import { shapeOf, isPlainObject } from './introspect.ts';
import { isCleanObject } from './fast-check.ts';

/** Normalises obj in place and returns it. */
export function normalizeObject<T>(schema: TSchema, obj: T): T {
  if (isCleanObject(schema, obj)) return obj;
  walk(schema, obj);
  return obj;
}

/** The full walk, without the compiled fast path (tests compare the two). */
export function walkNormalize<T>(schema: TSchema, obj: T): T {
  walk(schema, obj);
  return obj;
}

function walk(schema: TSchema, value: unknown): unknown {
  const shape = shapeOf(schema);
  switch (shape.type) {
    case 'quantity':
      return typeof value === 'number' ? String(value) : value;
    case 'object':
      if (!isPlainObject(value)) return value;
      for (const [key, prop] of Object.entries(shape.properties)) {
        if (!(key in value)) continue;
        const v = value[key];
        if (v === null && !shape.required.has(key) && !acceptsNull(prop)) {
          delete value[key];
          continue;
        }
        value[key] = walk(prop, v);
      }
      return value;
    case 'record':
      if (!isPlainObject(value)) return value;
      for (const [k, v] of Object.entries(value)) value[k] = walk(shape.value, v);
      return value;
    case 'array':
      if (!Array.isArray(value)) return value;
      for (let i = 0; i < value.length; i++) value[i] = walk(shape.items, value[i]);
      return value;
    case 'nullable':
      return value === null ? null : walk(shape.inner, value);
    default:
      return value;
  }
}

function acceptsNull(schema: TSchema): boolean {
  const t = shapeOf(schema).type;
  return t === 'nullable' || t === 'null' || t === 'unknown';
}
