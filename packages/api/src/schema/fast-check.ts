/**
 * A compiled fast path in front of the schema walkers. Most writes (controllers, agents,
 * kubectl) are clean: no unknown fields, no nulls, no numeric quantities, no type errors. For
 * those, normalising, type-validating and pruning are three walks that find nothing. One
 * TypeBox-compiled check of a stricter copy of the kind's schema (objects closed, quantities
 * strings only, enums as literals, null only where the schema allows it) answers "would every
 * walker be a no-op?" in one generated function; only objects that fail it take the walkers,
 * which then produce the field-level causes. The strict copy must never accept what a walker
 * would change or reject: it is stricter by construction, never looser.
 */
import { Kind, Type, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { shapeOf } from './introspect.ts';

const checks = new WeakMap<TSchema, TypeCheck<TSchema>>();
/**
 * Objects already found clean, per schema: one request passes its object through prune,
 * type validation and two normalisations, and should pay for one check. Only the server's own
 * defaulting mutates an object after that, and defaults are well-typed by construction.
 */
const known = new WeakMap<object, TSchema>();

function strict(schema: TSchema): TSchema {
  const shape = shapeOf(schema);
  switch (shape.type) {
    case 'quantity':
      return Type.String();
    case 'int-or-string':
      return Type.Union([Type.Integer(), Type.String()]);
    case 'enum':
      return Type.Union(shape.values.map((v) => Type.Literal(v)));
    case 'object': {
      const props: Record<string, TSchema> = {};
      for (const [k, p] of Object.entries(shape.properties)) props[k] = shape.required.has(k) ? strict(p) : Type.Optional(strict(p));
      return Type.Object(props, { additionalProperties: false });
    }
    case 'record':
      return Type.Record(Type.String(), strict(shape.value));
    case 'array':
      return Type.Array(strict(shape.items));
    case 'nullable':
      return Type.Union([strict(shape.inner), Type.Null()]);
    case 'union':
      return Type.Union(shape.members.map(strict));
    case 'literal':
      return Type.Literal(shape.value as string | number | boolean);
    case 'string':
      return Type.String();
    case 'integer':
      return Type.Integer();
    case 'number':
      return Type.Number();
    case 'boolean':
      return Type.Boolean();
    case 'null':
      return Type.Null();
    default:
      // Unknown / free-form subtrees: the walkers accept anything there too.
      return (schema as unknown as Record<symbol, unknown>)[Kind] === 'Unknown' ? Type.Unknown() : Type.Any();
  }
}

function compiled(schema: TSchema): TypeCheck<TSchema> {
  let check = checks.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(strict(schema));
    checks.set(schema, check);
  }
  return check;
}

/**
 * Compile the checks ahead of the first write of each kind: a pod's takes ~40 ms, which the
 * first pod create would otherwise wait out (and a fresh server's first Deployment pays it
 * three times: Deployment, ReplicaSet, Pod). One schema per macrotask, so requests arriving
 * meanwhile are served between compiles; returns a stop function.
 */
export function warmCleanChecks(schemas: readonly TSchema[]): () => void {
  let i = 0;
  let stopped = false;
  const step = (): void => {
    if (stopped || i >= schemas.length) return;
    compiled(schemas[i++]!);
    setImmediate(step).unref();
  };
  setImmediate(step).unref();
  return () => void (stopped = true);
}

/** True when `value` needs no normalisation, has no unknown fields and no type errors. */
export function isCleanObject(schema: TSchema, value: unknown): boolean {
  if (typeof value === 'object' && value !== null && known.get(value) === schema) return true;
  const ok = compiled(schema).Check(value);
  if (ok && typeof value === 'object' && value !== null) known.set(value, schema);
  return ok;
}
