import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FLAG_FIN, FrameParser, SpdyProtocolError, type Frame } from './frames.ts';

const FRAMES: Frame[] = [
  { type: 'DATA', streamId: 1, flags: 0, data: Buffer.from('hello') },
  { type: 'DATA', streamId: 0x7fffffff, flags: FLAG_FIN, data: Buffer.alloc(0) },
  { type: 'SYN_STREAM', streamId: 3, associatedId: 0, priority: 7, flags: FLAG_FIN, block: Buffer.from([1, 2, 3]) },
  { type: 'SYN_REPLY', streamId: 3, flags: 0, block: Buffer.from([9]) },
  { type: 'HEADERS', streamId: 5, flags: FLAG_FIN, block: Buffer.alloc(0) },
  { type: 'RST_STREAM', streamId: 5, status: 5 },
  { type: 'SETTINGS', flags: 1, entries: [{ flags: 1, id: 7, value: 65536 }, { flags: 0, id: 4, value: 100 }] },
  { type: 'PING', id: 0xfffffffe },
  { type: 'GOAWAY', lastGoodStreamId: 9, status: 0 },
  { type: 'WINDOW_UPDATE', streamId: 1, delta: 1 << 20 },
];

describe('SPDY/3.1 frames', () => {
  it.each(FRAMES.map((f) => [f.type, f] as const))('%s round-trips', (_t, f) => {
    expect(decodeFrame(encodeFrame(f))).toEqual(f);
  });

  it('lays frames out as the draft says (control bit, version 3, type; flags and 24-bit length)', () => {
    expect(encodeFrame({ type: 'PING', id: 1 }).toString('hex')).toBe('80030006' + '00000004' + '00000001');
    expect(encodeFrame({ type: 'DATA', streamId: 1, flags: FLAG_FIN, data: Buffer.from('abc') }).toString('hex')).toBe('00000001' + '01000003' + '616263');
    expect(encodeFrame({ type: 'RST_STREAM', streamId: 3, status: 5 }).toString('hex')).toBe('80030003' + '00000008' + '00000003' + '00000005');
  });

  it('parses the same frames however the bytes are cut: one buffer, byte by byte, random pieces', () => {
    const wire = Buffer.concat(FRAMES.map(encodeFrame));
    expect(new FrameParser().push(wire)).toEqual(FRAMES);
    const oneByOne = new FrameParser();
    const got: Frame[] = [];
    for (const b of wire) got.push(...oneByOne.push(Buffer.from([b])));
    expect(got).toEqual(FRAMES);
    for (let seed = 1; seed <= 20; seed++) {
      const p = new FrameParser();
      const out: Frame[] = [];
      let at = 0;
      let r = seed;
      while (at < wire.length) {
        r = (r * 1103515245 + 12345) & 0x7fffffff;
        const n = 1 + (r % 17);
        out.push(...p.push(wire.subarray(at, at + n)));
        at += n;
      }
      expect(out).toEqual(FRAMES);
    }
  });

  it('holds back a frame until its last byte is there', () => {
    const wire = encodeFrame({ type: 'DATA', streamId: 1, flags: 0, data: Buffer.alloc(100_000, 7) });
    const p = new FrameParser();
    expect(p.push(wire.subarray(0, 50_000))).toEqual([]);
    const [f] = p.push(wire.subarray(50_000));
    expect(f).toMatchObject({ type: 'DATA', streamId: 1 });
    expect((f as { data: Buffer }).data.equals(Buffer.alloc(100_000, 7))).toBe(true);
  });

  it('ignores unknown control frames (CREDENTIAL) but refuses another SPDY version', () => {
    const credential = Buffer.from('8003000a00000000', 'hex');
    expect(decodeFrame(credential)).toEqual({ type: 'UNKNOWN', code: 10 });
    expect(() => decodeFrame(Buffer.from('8002000600000004' + '00000001', 'hex'))).toThrow(SpdyProtocolError);
    expect(() => decodeFrame(Buffer.from('8003000300000004' + '00000001', 'hex'))).toThrow(/RST_STREAM frame body of 4 bytes/);
  });
});
