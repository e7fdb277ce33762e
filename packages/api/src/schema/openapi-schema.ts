/**
 * TypeBox → OpenAPI v3 schema conversion, the way the upstream documents look: named
 * nested types ($id) become components.schemas entries referenced with
 * `allOf: [{$ref}]`, enums are string enums, int-or-string / Quantity / Time point at the
 * apimachinery components, and x-kubernetes-* list metadata is kept (explain and SMP use it).
 */
import type { TSchema } from '@sinclair/typebox';
import { shapeOf } from './introspect.ts';
import { QUANTITY_ID, INT_OR_STRING_ID, TIME_ID, MICROTIME_ID } from '../kinds/helpers.ts';

export type OpenApiSchema = Record<string, unknown>;

/** The apimachinery scalar components upstream documents carry. */
const SCALARS: Record<string, OpenApiSchema> = {
  [QUANTITY_ID]: { type: 'string', description: 'Quantity is a fixed-point representation of a number, e.g. 100m, 1.5Gi, 2.' },
  [INT_OR_STRING_ID]: { type: 'string', format: 'int-or-string', description: 'IntOrString is a type that can hold an int32 or a string.' },
  [TIME_ID]: { type: 'string', format: 'date-time', description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON (RFC 3339).' },
  [MICROTIME_ID]: { type: 'string', format: 'date-time', description: 'MicroTime is version of Time with microsecond level precision.' },
};

export class ComponentCollector {
  readonly schemas: Record<string, OpenApiSchema> = {};

  ref(id: string): string {
    return `#/components/schemas/${id}`;
  }

  /** Adds a named schema (and everything it references) to components; returns its name. */
  add(schema: TSchema, extra: OpenApiSchema = {}): string {
    const id = (schema as { $id?: string }).$id!;
    if (!(id in this.schemas)) {
      this.schemas[id] = {}; // placeholder first, so cycles terminate
      this.schemas[id] = { ...this.convert(schema, true), ...extra };
    }
    return id;
  }

  convert(schema: TSchema, root = false, item = false): OpenApiSchema {
    const s = schema as Record<string, unknown>;
    const marker = s['x-skiff-type'] as string | undefined;
    const description = s['description'] as string | undefined;
    if (marker && SCALARS[marker]) {
      this.schemas[marker] ??= SCALARS[marker]!;
      return withDescription({ allOf: [{ $ref: this.ref(marker) }] }, description);
    }
    if (!root && typeof s['$id'] === 'string') {
      const id = this.add(schema);
      // The type's own description lives on the component; repeating it on an array's item
      // reference made `kubectl explain` print it twice. A field keeps it: explain lists fields
      // by their own description (`<no description>` otherwise).
      const own = this.schemas[id]?.['description'];
      return withDescription({ allOf: [{ $ref: this.ref(id) }] }, item && description === own ? undefined : description);
    }
    const out: OpenApiSchema = {};
    if (description) out['description'] = description;
    for (const [k, v] of Object.entries(s)) if (k.startsWith('x-kubernetes-')) out[k] = v;
    const shape = shapeOf(schema);
    switch (shape.type) {
      case 'object': {
        out['type'] = 'object';
        out['properties'] = Object.fromEntries(Object.entries(shape.properties).map(([k, v]) => [k, this.convert(v)]));
        // Upstream kinds mark none of apiVersion/kind/metadata required (explain prints -required-).
        const required = [...shape.required].filter((k) => !(s['x-kubernetes-group-version-kind'] && (k === 'apiVersion' || k === 'kind' || k === 'metadata')));
        if (required.length > 0) out['required'] = required;
        return out;
      }
      case 'record':
        return { ...out, type: 'object', additionalProperties: this.convert(shape.value) };
      case 'array':
        return { ...out, type: 'array', items: this.convert(shape.items, false, true) };
      case 'enum':
        return { ...out, type: 'string', enum: shape.values };
      case 'nullable':
        return { ...this.convert(shape.inner), ...out, nullable: true };
      case 'union':
        return { ...out, anyOf: shape.members.map((m) => this.convert(m)) };
      case 'literal':
        return { ...out, enum: [shape.value] };
      case 'string':
      case 'integer':
      case 'number':
      case 'boolean':
        return { ...out, type: shape.type, ...(typeof s['format'] === 'string' ? { format: s['format'] } : {}) };
      case 'unknown':
        return { ...out, 'x-kubernetes-preserve-unknown-fields': true };
      default:
        return out;
    }
  }
}

function withDescription(o: OpenApiSchema, description: string | undefined): OpenApiSchema {
  return description ? { ...o, description } : o;
}
