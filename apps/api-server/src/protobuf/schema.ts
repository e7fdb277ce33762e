/**
 * How a protobuf message maps onto its JSON form, as data: one table per message, field number
 * → [JSON name, type, ...flags]. Field numbers come from upstream's generated.proto files
 * (kubernetes/api, kubernetes/apimachinery); the flags come from the Go struct tags, because the
 * JSON we must reproduce is what encoding/json prints for the Go struct:
 *
 * - gogo-protobuf writes every non-pointer scalar, even when empty ("" / 0 / false), while the
 *   JSON tag usually says `omitempty`. So by default a zero scalar is dropped; `keep` marks
 *   pointer fields (*int32 replicas: 0 is a real value) and tags without omitempty (ports[].port).
 * - Messages present on the wire always appear, `{}` when empty: encoding/json never omits a
 *   struct (`resources: {}`, `strategy: {}`), and pointers to messages are only written when set.
 * - `inline` merges a message's fields into its parent (Go embedded structs: Probe's handler,
 *   ConfigMapKeySelector's LocalObjectReference, Volume's VolumeSource).
 */

export type Scalar = 'string' | 'int32' | 'int64' | 'bool' | 'bytes';
export type Flag = 'keep' | 'repeated' | 'inline';

/** A message that JSON shows as a scalar (Time → RFC 3339 string, Quantity → "100m", IntOrString → 8080 | "http"). */
export interface Converted {
  readonly converted: string;
  convert(bytes: Uint8Array): unknown;
}

export interface MapOf {
  /** Map entries are repeated messages {key = 1, value = 2}; keys are always strings here. */
  readonly map: Scalar | Converted | Message;
}

export type FieldType = Scalar | Converted | Message | MapOf;
export type FieldSpec = readonly [name: string, type: FieldType, ...flags: Flag[]];
export type FieldTable = Readonly<Record<number, FieldSpec>>;

export interface Message {
  readonly message: string;
  /** Lazy, so tables can refer to each other in any order (PodSpec ↔ Container ↔ Probe …). */
  fields(): FieldTable;
}

export function message(name: string, table: () => Record<number, FieldSpec>): Message {
  let cached: FieldTable | undefined;
  return {
    message: name,
    fields: () => (cached ??= Object.freeze(table())),
  };
}

export function mapOf(value: MapOf['map']): MapOf {
  return { map: value };
}

export function converted(name: string, convert: (bytes: Uint8Array) => unknown): Converted {
  return { converted: name, convert };
}

export const isMessage = (t: FieldType): t is Message => typeof t === 'object' && 'message' in t;
export const isConverted = (t: FieldType): t is Converted => typeof t === 'object' && 'converted' in t;
export const isMap = (t: FieldType): t is MapOf => typeof t === 'object' && 'map' in t;
