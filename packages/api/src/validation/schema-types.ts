/**
 * Structural (type) validation against a kind's schema, reported as field causes the way
 * apiextensions' schema validation prints them:
 *   spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"
 * Missing required fields are FieldValueRequired; unknown enum values FieldValueNotSupported.
 * Semantic rules live in the per-kind validators.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { isCleanObject } from '../schema/fast-check.ts';
import type { ResourceType } from '../resource-type.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { shapeOf, isPlainObject, childPath, indexPath, keyPath, jsonTypeName } from '../schema/introspect.ts';

/** Accepts a registry entry (the api-server's call) or a bare schema. */
export function validateSchema(typeOrSchema: Pick<ResourceType, 'schema'> | TSchema, obj: unknown): StatusCause[] {
  const schema = isResourceType(typeOrSchema) ? typeOrSchema.schema : typeOrSchema;
  return isCleanObject(schema, obj) ? [] : schemaCauses(schema, obj);
}

/** The full walk, without the compiled fast path (tests compare the two). */
export function schemaCauses(schema: TSchema, obj: unknown): StatusCause[] {
  const out: StatusCause[] = [];
  walk(schema, obj, '', out);
  return out;
}

function isResourceType(v: Pick<ResourceType, 'schema'> | TSchema): v is Pick<ResourceType, 'schema'> {
  return typeof (v as { schema?: unknown }).schema === 'object' && !(Kind in v);
}

function typeError(path: string, value: unknown, expected: string): StatusCause {
  const actual = jsonTypeName(value);
  const where = path || 'body';
  return cause.typeInvalid(where, actual, `${where} in body must be of type ${expected}: "${actual}"`);
}

function walk(schema: TSchema, value: unknown, path: string, out: StatusCause[]): void {
  const shape = shapeOf(schema);
  switch (shape.type) {
    case 'object': {
      if (!isPlainObject(value)) return void out.push(typeError(path, value, 'object'));
      for (const [key, prop] of Object.entries(shape.properties)) {
        const v = value[key];
        const p = childPath(path, key);
        if (v === undefined || v === null) {
          // null on an optional field decodes as "unset", as Go's decoder does.
          if (shape.required.has(key)) out.push(cause.required(p));
          continue;
        }
        walk(prop, v, p, out);
      }
      return;
    }
    case 'record':
      if (!isPlainObject(value)) return void out.push(typeError(path, value, 'object'));
      for (const [k, v] of Object.entries(value)) walk(shape.value, v, keyPath(path, k), out);
      return;
    case 'array':
      if (!Array.isArray(value)) return void out.push(typeError(path, value, 'array'));
      value.forEach((item, i) => {
        if (item === null) out.push(cause.required(indexPath(path, i)));
        else walk(shape.items, item, indexPath(path, i), out);
      });
      return;
    case 'enum':
      if (typeof value !== 'string') return void out.push(typeError(path, value, 'string'));
      if (!shape.values.includes(value)) out.push(cause.notSupported(path, value, shape.values));
      return;
    case 'int-or-string':
      if (!(typeof value === 'string' || Number.isInteger(value))) out.push(typeError(path, value, 'integer or string'));
      return;
    case 'quantity':
      // Bare numbers are valid quantities (cpu: 1); normalizeObject turns them into strings.
      if (typeof value !== 'string' && typeof value !== 'number') out.push(typeError(path, value, 'string'));
      return;
    case 'nullable':
      if (value !== null) walk(shape.inner, value, path, out);
      return;
    case 'union': {
      const ok = shape.members.some((m) => {
        const errs: StatusCause[] = [];
        walk(m, value, path, errs);
        return errs.length === 0;
      });
      if (!ok) out.push(cause.typeInvalid(path, jsonTypeName(value), 'does not match any allowed type'));
      return;
    }
    case 'literal':
      if (value !== shape.value) out.push(cause.notSupported(path, value, [String(shape.value)]));
      return;
    case 'string':
      if (typeof value !== 'string') out.push(typeError(path, value, 'string'));
      return;
    case 'integer':
      if (!Number.isInteger(value)) out.push(typeError(path, value, 'integer'));
      return;
    case 'number':
      if (typeof value !== 'number') out.push(typeError(path, value, 'number'));
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(typeError(path, value, 'boolean'));
      return;
    default:
      return;
  }
}
