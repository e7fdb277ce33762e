/**
 * The one generic decoder: walks a message's bytes against its table (schema.ts) and builds the
 * JSON object encoding/json would print for the same Go value. Unknown field numbers are
 * skipped (newer clients may send fields this table does not know), never an error.
 */
import { Reader, WireError, WireType } from './wire.ts';
import { isConverted, isMap, isMessage, type FieldType, type Message, type Scalar } from './schema.ts';

export function decodeMessage(msg: Message, bytes: Uint8Array): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fields = msg.fields();
  const r = new Reader(bytes);
  while (!r.done) {
    const { field, wire } = r.tag();
    const spec = fields[field];
    if (!spec) {
      r.skip(wire);
      continue;
    }
    const [name, type, ...flags] = spec;
    const where = `${msg.message}.${name}`;
    if (isMap(type)) {
      expectWire(where, wire, WireType.LengthDelimited);
      const [k, v] = mapEntry(where, type.map, r.bytes());
      const m = (out[name] ??= {}) as Record<string, unknown>;
      m[k] = v;
      continue;
    }
    if (flags.includes('repeated')) {
      const list = (out[name] ??= []) as unknown[];
      if (wire === WireType.LengthDelimited && isVarintScalar(type)) {
        // Packed encoding (proto3 style); gogo writes proto2 unpacked, but both are legal.
        const packed = new Reader(r.bytes());
        while (!packed.done) list.push(scalarFromVarint(type, packed));
      } else {
        list.push(readValue(where, r, wire, type));
      }
      continue;
    }
    const value = readValue(where, r, wire, type);
    if (flags.includes('inline')) {
      Object.assign(out, value as object);
    } else if (isZeroScalar(type, value) && !flags.includes('keep')) {
      delete out[name]; // proto: last value wins, and a zero one means "omitempty"
    } else {
      out[name] = value;
    }
  }
  return out;
}

function readValue(where: string, r: Reader, wire: WireType, type: FieldType): unknown {
  if (typeof type === 'string') {
    if (type === 'string' || type === 'bytes') {
      expectWire(where, wire, WireType.LengthDelimited);
      return type === 'string' ? r.string() : Buffer.from(r.bytes()).toString('base64');
    }
    expectWire(where, wire, WireType.Varint);
    return scalarFromVarint(type, r);
  }
  expectWire(where, wire, WireType.LengthDelimited);
  const bytes = r.bytes();
  if (isConverted(type)) return type.convert(bytes);
  if (isMessage(type)) return decodeMessage(type, bytes);
  throw new WireError(`${where}: maps cannot nest`);
}

function scalarFromVarint(type: Scalar, r: Reader): unknown {
  switch (type) {
    case 'int32':
      return r.int32();
    case 'int64':
      return r.int64();
    case 'bool':
      return r.bool();
    default:
      throw new WireError(`${type} is not a varint type`);
  }
}

function mapEntry(where: string, valueType: FieldType, bytes: Uint8Array): [string, unknown] {
  const r = new Reader(bytes);
  let key = '';
  let value: unknown;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expectWire(where, wire, WireType.LengthDelimited);
      key = r.string();
    } else if (field === 2) {
      value = readValue(where, r, wire, valueType);
    } else {
      r.skip(wire);
    }
  }
  return [key, value === undefined ? zeroOf(valueType) : value];
}

/** What an absent map value means: the Go zero value of the type. */
function zeroOf(type: FieldType): unknown {
  switch (type) {
    case 'string':
    case 'bytes':
      return '';
    case 'int32':
    case 'int64':
      return 0;
    case 'bool':
      return false;
  }
  if (isConverted(type)) return type.convert(new Uint8Array());
  if (isMessage(type)) return decodeMessage(type, new Uint8Array());
  return {};
}

const isVarintScalar = (t: FieldType): t is 'int32' | 'int64' | 'bool' => t === 'int32' || t === 'int64' || t === 'bool';

function isZeroScalar(type: FieldType, v: unknown): boolean {
  return typeof type === 'string' && (v === '' || v === 0 || v === false);
}

function expectWire(where: string, got: WireType, want: WireType): void {
  if (got !== want) throw new WireError(`${where}: wire type ${got}, expected ${want}`);
}
