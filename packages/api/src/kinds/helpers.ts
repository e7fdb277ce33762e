/**
 * Building blocks shared by every kind schema: list annotations for strategic merge
 * patch and `kubectl explain`, the apimachinery scalar types (Quantity, Time,
 * IntOrString). Kind files stay declarative by
 * composing these.
 */
import { Type, type TSchema, type TProperties, type TObject, type TArray, type TString, type TUnion, type TLiteral, type TRecord, type TInteger } from '@sinclair/typebox';

/** Strategic-merge list keyed by `mergeKey` (containers by name, ports by containerPort...). */
export function mergeList<T extends TSchema>(item: T, mergeKey: string, description: string, mapKeys: string[] = [mergeKey]): TArray<T> {
  return Type.Array(item, {
    description,
    'x-kubernetes-patch-merge-key': mergeKey,
    'x-kubernetes-patch-strategy': 'merge',
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': mapKeys,
  });
}

/** A list map for server-side apply only: SMP replaces it (upstream has no patchStrategy on it). */
export function mapList<T extends TSchema>(item: T, keys: string[], description: string): TArray<T> {
  return Type.Array(item, { description, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys });
}

/** Replaced wholesale by every patch type (tolerations, taints, command). */
export function atomicList<T extends TSchema>(item: T, description: string): TArray<T> {
  return Type.Array(item, { description, 'x-kubernetes-list-type': 'atomic' });
}

/** A primitive list merged as a set (finalizers). */
export function setList(description: string, item: TString = Type.String()): TArray<TString> {
  return Type.Array(item, { description, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' });
}

export function str(description: string): TString {
  return Type.String({ description });
}
export function int(description: string, format: 'int32' | 'int64' = 'int32'): TInteger {
  return Type.Integer({ description, format });
}

/** A closed string enum: validation reports unknown values as FieldValueNotSupported. */
export function stringEnum<const V extends string[]>(values: V, description: string): TUnion<{ [K in keyof V]: TLiteral<V[K]> }> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    { description, 'x-skiff-enum': values },
  ) as unknown as TUnion<{ [K in keyof V]: TLiteral<V[K]> }>;
}

export const QUANTITY_ID = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING_ID = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const TIME_ID = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
export const MICROTIME_ID = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';

/** resource.Quantity: a string on the wire; bare JSON numbers (`cpu: 1`) are accepted and normalised to strings. */
export function quantity(description: string): TString {
  return Type.String({ description, 'x-skiff-type': QUANTITY_ID });
}
export function intOrString(description: string): TUnion<[TInteger, TString]> {
  return Type.Union([Type.Integer(), Type.String()], { description, 'x-skiff-type': INT_OR_STRING_ID });
}
/** RFC 3339 seconds precision. */
export function time(description: string): TString {
  return Type.String({ description, format: 'date-time', 'x-skiff-type': TIME_ID });
}
/** RFC 3339 with microseconds (Lease renewTime, Event eventTime). */
export function microTime(description: string): TString {
  return Type.String({ description, format: 'date-time', 'x-skiff-type': MICROTIME_ID });
}

export function stringMap(description: string): TRecord<TString, TString> {
  return Type.Record(Type.String(), Type.String(), { description });
}
export function resourceList(description: string): TRecord<TString, TString> {
  return Type.Record(Type.String(), quantity('quantity'), { description });
}

/** A named nested object: the OpenAPI document hoists it into components.schemas. */
export function named<P extends TProperties>(id: string, description: string, props: P): TObject<P> {
  return Type.Object(props, { $id: id, description });
}
