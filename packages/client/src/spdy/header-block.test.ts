import { constants, createDeflate } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPDY3_DICTIONARY } from './dictionary.ts';
import { SpdyProtocolError } from './frames.ts';
import { decodeHeaderBlock, encodeHeaderBlock, HeaderCompressor, HeaderDecompressor, type SpdyHeaders } from './header-block.ts';

const BLOCKS: SpdyHeaders[] = [
  { streamtype: 'error', port: '80', requestid: '0' },
  { streamtype: 'data', port: '80', requestid: '0' },
  {},
  { streamtype: 'error', port: '8080', requestid: '1' },
  { 'x-multi': 'a\0b', streamtype: 'data', port: '8080', requestid: '1' },
];

/** How Go's framer compresses: ONE zlib stream with the dictionary, a sync flush after each block. */
async function goStyle(blocks: SpdyHeaders[]): Promise<Buffer[]> {
  const z = createDeflate({ dictionary: SPDY3_DICTIONARY, level: 9 });
  const out: Buffer[] = [];
  for (const h of blocks) {
    const parts: Buffer[] = [];
    const onData = (b: Buffer): number => parts.push(b);
    z.on('data', onData);
    z.write(encodeHeaderBlock(h));
    await new Promise<void>((r) => z.flush(constants.Z_SYNC_FLUSH, () => r()));
    z.off('data', onData);
    out.push(Buffer.concat(parts));
  }
  z.destroy();
  return out;
}

describe('SPDY/3 header blocks', () => {
  it('uses the draft-3 dictionary (1423 bytes, zlib dictionary id e3c6a7c2, as kubectl expects)', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    const first = new HeaderCompressor().compress({ a: 'b' });
    expect(first.subarray(2, 6).toString('hex')).toBe('e3c6a7c2');
    expect(SPDY3_DICTIONARY.subarray(-15).toString('latin1')).toBe('1,utf-,*,enq=0.');
  });

  it('encodes names lower-case with 32-bit lengths, several values NUL-joined', () => {
    const raw = encodeHeaderBlock({ Port: '80' });
    expect(raw.toString('hex')).toBe('00000001' + '00000004' + Buffer.from('port').toString('hex') + '00000002' + Buffer.from('80').toString('hex'));
    expect(decodeHeaderBlock(Buffer.concat([Buffer.from('0000000200000001610000000178', 'hex'), Buffer.from('0000000161000000017a', 'hex')]))).toEqual({ a: 'x\0z' });
    expect(() => decodeHeaderBlock(Buffer.from('00000002', 'hex'))).toThrow(SpdyProtocolError);
  });

  it('our compressor and decompressor agree over many blocks in one connection', async () => {
    const c = new HeaderCompressor();
    const d = new HeaderDecompressor();
    const wire = [...BLOCKS, ...BLOCKS].map((h) => c.compress(h));
    // Every block after the first is a raw deflate run, not a second zlib header.
    expect(wire.slice(1).every((b) => b[0] !== 0x78)).toBe(true);
    const got = await Promise.all(wire.map((b) => d.decompress(b)));
    expect(got).toEqual([...BLOCKS, ...BLOCKS]);
    d.close();
  });

  it('inflates blocks that refer back to earlier ones (one context per direction, as Go sends them)', async () => {
    const wire = await goStyle(BLOCKS);
    // The repeated block compresses to a back-reference: proof the context spans blocks.
    expect(wire[3]!.length).toBeLessThan(encodeHeaderBlock(BLOCKS[3]!).length / 2);
    const d = new HeaderDecompressor();
    for (let i = 0; i < BLOCKS.length; i++) expect(await d.decompress(wire[i]!)).toEqual(BLOCKS[i]);
    d.close();
  });

  it('rejects a block that does not inflate, and every block after it', async () => {
    const d = new HeaderDecompressor();
    await expect(d.decompress(Buffer.from('this is not zlib'))).rejects.toThrow(SpdyProtocolError);
    await expect(d.decompress(new HeaderCompressor().compress({ a: 'b' }))).rejects.toThrow(/does not inflate/);
    d.close();
  });
});
