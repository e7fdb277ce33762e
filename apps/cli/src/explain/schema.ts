/**
 * Reading an OpenAPI v3 document the way kubectl explain's template does: a field's schema is
 * followed through `items`, `additionalProperties`, a lone `allOf` and `$ref` until it reaches
 * the object that holds the properties, collecting every description met on the way (so
 * `containers` shows its own description, then Container's), and the type is named from
 * that same chain (`[]Container`, `map[string]string`).
 */
export interface Schema {
  description?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  enum?: unknown[];
  $ref?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

export interface OpenApiDoc {
  components?: { schemas?: Record<string, Schema> };
}

export function resolveRef(doc: OpenApiDoc, ref: string): Schema | undefined {
  const name = ref.split('/').at(-1) ?? '';
  return doc.components?.schemas?.[name];
}

/** `#/components/schemas/io.k8s.api.core.v1.Container` → `Container`. */
function refName(ref: string): string {
  return (ref.split('/').at(-1) ?? '').split('.').at(-1) || 'Object';
}

/** The next schema down the chain, or undefined at an object (or scalar) with nothing to follow. */
function next(doc: OpenApiDoc, s: Schema): Schema | undefined {
  if (s.items) return s.items;
  if (s.additionalProperties && typeof s.additionalProperties === 'object') return s.additionalProperties;
  if (s.allOf?.length === 1 && !s.properties) return s.allOf[0];
  if (s.$ref) return resolveRef(doc, s.$ref);
  return undefined;
}

export interface Resolved {
  /** Non-empty descriptions from the field down to the type it names. */
  descriptions: string[];
  /** Where the chain ends: the schema whose properties are the field's fields. */
  target: Schema;
}

export function resolve(doc: OpenApiDoc, s: Schema): Resolved {
  const descriptions: string[] = [];
  const seen = new Set<Schema>();
  let cur: Schema | undefined = s;
  let target = s;
  while (cur && !seen.has(cur)) {
    seen.add(cur);
    if (cur.description) descriptions.push(cur.description);
    target = cur;
    cur = next(doc, cur);
  }
  return { descriptions, target };
}

/** The `<type>` kubectl prints: `[]X`, `map[string]X`, a $ref's short name, or the JSON type. */
export function typeGuess(doc: OpenApiDoc, s: Schema, depth = 0): string {
  if (depth > 20) return 'Object';
  if (s.items) return `[]${typeGuess(doc, s.items, depth + 1)}`;
  if (s.additionalProperties && typeof s.additionalProperties === 'object') return `map[string]${typeGuess(doc, s.additionalProperties, depth + 1)}`;
  if (s.additionalProperties === true) return 'map[string]Object';
  if (s.allOf?.length === 1 && !s.properties) return typeGuess(doc, s.allOf[0]!, depth + 1);
  if (s.$ref) {
    const r = resolveRef(doc, s.$ref);
    // A named scalar (Quantity, Time, IntOrString) reads as its JSON type, as kubectl shows it.
    if (r && r.type && r.type !== 'object' && !r.properties) return typeGuess(doc, r, depth + 1);
    if (r && !r.properties && (r.items || r.additionalProperties)) return typeGuess(doc, r, depth + 1);
    return refName(s.$ref);
  }
  return s.type || 'Object';
}

/** The schema of the kind `group/version, Kind=kind` in a group-version's document. */
export function kindSchema(doc: OpenApiDoc, group: string, version: string, kind: string): Schema | undefined {
  for (const s of Object.values(doc.components?.schemas ?? {})) {
    const gvks = s['x-kubernetes-group-version-kind'] ?? [];
    if (gvks.some((g) => g.group === group && g.version === version && g.kind === kind)) return s;
  }
  return undefined;
}
