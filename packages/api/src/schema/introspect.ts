/**
 * Reading TypeBox schemas structurally. Validation, pruning, normalisation and the OpenAPI
 * builder all walk the same kind schemas; this is the one place that knows how TypeBox
 * encodes objects, records, unions and our custom markers.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { QUANTITY_ID, INT_OR_STRING_ID } from '../kinds/helpers.ts';

export type SchemaShape =
  | { type: 'object'; properties: Record<string, TSchema>; required: Set<string> }
  | { type: 'record'; value: TSchema }
  | { type: 'array'; items: TSchema }
  | { type: 'enum'; values: string[] }
  | { type: 'int-or-string' }
  | { type: 'quantity' }
  | { type: 'nullable'; inner: TSchema }
  | { type: 'union'; members: TSchema[] }
  | { type: 'literal'; value: unknown }
  | { type: 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'unknown' };

type Loose = TSchema & Record<string, unknown>;

export function shapeOf(schema: TSchema): SchemaShape {
  const s = schema as Loose;
  const marker = s['x-skiff-type'];
  if (marker === QUANTITY_ID) return { type: 'quantity' };
  if (marker === INT_OR_STRING_ID) return { type: 'int-or-string' };
  if (Array.isArray(s['x-skiff-enum'])) return { type: 'enum', values: s['x-skiff-enum'] as string[] };
  switch (s[Kind]) {
    case 'Object':
      return {
        type: 'object',
        properties: (s['properties'] ?? {}) as Record<string, TSchema>,
        required: new Set((s['required'] as string[] | undefined) ?? []),
      };
    case 'Record': {
      const pp = (s['patternProperties'] ?? {}) as Record<string, TSchema>;
      const value = Object.values(pp)[0];
      return value ? { type: 'record', value } : { type: 'unknown' };
    }
    case 'Array':
      return { type: 'array', items: s['items'] as TSchema };
    case 'Union': {
      const members = s['anyOf'] as TSchema[];
      const nonNull = members.filter((m) => (m as Loose)[Kind] !== 'Null');
      if (nonNull.length === 1 && members.length === 2) return { type: 'nullable', inner: nonNull[0]! };
      return { type: 'union', members };
    }
    case 'Literal':
      return { type: 'literal', value: s['const'] };
    case 'String':
      return { type: 'string' };
    case 'Integer':
      return { type: 'integer' };
    case 'Number':
      return { type: 'number' };
    case 'Boolean':
      return { type: 'boolean' };
    case 'Null':
      return { type: 'null' };
    default:
      return { type: 'unknown' };
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON field path the way apimachinery prints it: spec.containers[0].ports[1].containerPort. */
export function childPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}
export function indexPath(parent: string, i: number): string {
  return `${parent}[${i}]`;
}
/** Record keys print as [key] upstream (metadata.labels[app]). */
export function keyPath(parent: string, key: string): string {
  return `${parent}[${key}]`;
}

/** The value's JSON type name, as upstream schema errors print it. */
export function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}
