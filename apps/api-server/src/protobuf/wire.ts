/**
 * The protobuf wire format, read-only: a cursor over a byte buffer yielding (field, wire type)
 * tags and the values behind them. Kubernetes' proto2 messages use varints (int32, int64, bool;
 * its enums are strings) and length-delimited values (strings, bytes, messages, map entries);
 * fixed-width values and groups are read or skipped so that unknown fields never break a decode.
 */

export const WireType = { Varint: 0, Fixed64: 1, LengthDelimited: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

export class WireError extends Error {
  override name = 'WireError';
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class Reader {
  private pos: number;
  private readonly end: number;

  private readonly buf: Uint8Array;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** The next tag: field number and wire type. */
  tag(): { field: number; wire: WireType } {
    const t = this.varint();
    const field = Number(t >> 3n);
    if (field < 1 || field > 0x1fffffff) throw new WireError(`invalid field number ${field}`);
    const wire = Number(t & 7n);
    if (wire > 5) throw new WireError(`invalid wire type ${wire}`);
    return { field, wire: wire as WireType };
  }

  /** An unsigned varint of up to 64 bits. */
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.end) throw new WireError('truncated varint');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result & 0xffffffffffffffffn;
    }
    throw new WireError('varint longer than 10 bytes');
  }

  /** int32 on the wire is sign-extended to 64 bits; int64 is two's complement. */
  int32(): number {
    return Number(BigInt.asIntN(32, this.varint()));
  }

  int64(): number {
    return Number(BigInt.asIntN(64, this.varint()));
  }

  bool(): boolean {
    return this.varint() !== 0n;
  }

  fixed32(): number {
    this.need(4);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getUint32(0, true);
    this.pos += 4;
    return v;
  }

  fixed64(): bigint {
    this.need(8);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getBigUint64(0, true);
    this.pos += 8;
    return v;
  }

  /** The payload of a length-delimited field, as a view (no copy). */
  bytes(): Uint8Array {
    const len = Number(this.varint());
    this.need(len);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  string(): string {
    return utf8.decode(this.bytes());
  }

  /** Skip a value of the given wire type (unknown fields are not errors). */
  skip(wire: WireType): void {
    switch (wire) {
      case WireType.Varint:
        this.varint();
        return;
      case WireType.Fixed64:
        this.need(8);
        this.pos += 8;
        return;
      case WireType.LengthDelimited:
        this.bytes();
        return;
      case WireType.Fixed32:
        this.need(4);
        this.pos += 4;
        return;
      case WireType.StartGroup:
        // Groups are proto1-era and never emitted by Kubernetes; skip to the matching end.
        for (;;) {
          const t = this.tag();
          if (t.wire === WireType.EndGroup) return;
          this.skip(t.wire);
        }
      default:
        throw new WireError(`unexpected wire type ${String(wire)}`);
    }
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw new WireError('truncated message');
  }
}
