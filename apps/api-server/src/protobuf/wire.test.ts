import { describe, expect, it } from 'vitest';
import { Reader, WireError, WireType } from './wire.ts';

const r = (...bytes: number[]) => new Reader(Uint8Array.from(bytes));

describe('wire Reader', () => {
  it('varints: one byte, multi-byte, 64-bit, sign extension', () => {
    expect(r(0x01).varint()).toBe(1n);
    expect(r(0xac, 0x02).varint()).toBe(300n);
    expect(r(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).varint()).toBe(0xffffffffffffffffn);
    expect(r(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).int32()).toBe(-1);
    expect(r(0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).int64()).toBe(-2);
    expect(r(0x80, 0x80, 0x80, 0x80, 0x08).int32()).toBe(-2147483648);
    expect(r(0x01).bool()).toBe(true);
    expect(r(0x00).bool()).toBe(false);
  });

  it('tags split into field number and wire type', () => {
    expect(r(0x0a).tag()).toEqual({ field: 1, wire: WireType.LengthDelimited });
    expect(r(0x80, 0x01).tag()).toEqual({ field: 16, wire: WireType.Varint });
    expect(() => r(0x07).tag()).toThrow(WireError); // wire type 7 does not exist
    expect(() => r(0x02).tag()).toThrow(WireError); // field 0
  });

  it('fixed32 / fixed64 are little-endian', () => {
    expect(r(0x78, 0x56, 0x34, 0x12).fixed32()).toBe(0x12345678);
    expect(r(1, 0, 0, 0, 0, 0, 0, 0x80).fixed64()).toBe(0x8000000000000001n);
  });

  it('length-delimited strings and bytes; subarray views of the buffer', () => {
    const reader = r(0x03, 0x66, 0x6f, 0x6f, 0x02, 0xff, 0x00);
    expect(reader.string()).toBe('foo');
    expect([...reader.bytes()]).toEqual([0xff, 0x00]);
    expect(reader.done).toBe(true);
  });

  it('skips each wire type, including groups', () => {
    const reader = r(0x96, 0x01, /* fixed64 */ 1, 2, 3, 4, 5, 6, 7, 8, /* ld */ 0x01, 0x61, /* fixed32 */ 1, 2, 3, 4, /* group: field 1 varint then end group 2 */ 0x08, 0x01, 0x14, 0x09);
    reader.skip(WireType.Varint);
    reader.skip(WireType.Fixed64);
    reader.skip(WireType.LengthDelimited);
    reader.skip(WireType.Fixed32);
    reader.skip(WireType.StartGroup);
    expect(reader.varint()).toBe(9n);
  });

  it('truncation is an error, not garbage', () => {
    expect(() => r(0x80).varint()).toThrow(/truncated/);
    expect(() => r(0x05, 0x61).bytes()).toThrow(/truncated/);
    expect(() => r(1, 2, 3).fixed32()).toThrow(/truncated/);
    expect(() => r(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).varint()).toThrow(/10 bytes/);
  });

  it('honours start/end bounds', () => {
    const reader = new Reader(Uint8Array.from([9, 9, 0x01, 9]), 2, 3);
    expect(reader.varint()).toBe(1n);
    expect(reader.done).toBe(true);
  });
});
