/**
 * SPDY/3 name/value header blocks (draft 3 section 2.6.10): a 32-bit count, then 32-bit
 * length-prefixed lower-case names and values (several values joined by NUL), zlib-compressed
 * with the SPDY dictionary as ONE stream per direction for the whole connection, each block
 * ending in a sync flush.
 *
 * Receiving must keep one inflate context (the peer's blocks refer back to earlier ones), and
 * Node's only streaming zlib is asynchronous, so HeaderDecompressor queues blocks in order.
 * Sending needs no shared context to be valid: the first block opens the zlib stream (header
 * naming the dictionary), and each later block is a fresh raw deflate run ending in a sync
 * flush. Such a run refers only to its own bytes, so appended to the peer's stream it is still
 * one correct deflate stream; it costs a little compression on blocks of ~40 bytes, and keeps
 * sending synchronous (frames leave in exactly the order they were made).
 */
import { constants, createInflate, deflateRawSync, deflateSync, type Inflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.ts';
import { SpdyProtocolError } from './frames.ts';

/** Lower-case names; several values of one name are joined with NUL, as on the wire. */
export type SpdyHeaders = Record<string, string>;

export function encodeHeaderBlock(h: SpdyHeaders): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const entries = Object.entries(h);
  parts.push(u32(entries.length));
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(raw: Buffer): SpdyHeaders {
  let at = 0;
  const u32 = (): number => {
    if (at + 4 > raw.length) throw new SpdyProtocolError('truncated header block');
    const n = raw.readUInt32BE(at);
    at += 4;
    return n;
  };
  const bytes = (n: number): string => {
    if (at + n > raw.length) throw new SpdyProtocolError('truncated header block');
    const s = raw.toString('utf8', at, at + n);
    at += n;
    return s;
  };
  const out: SpdyHeaders = {};
  for (let count = u32(); count > 0; count--) {
    const name = bytes(u32()).toLowerCase();
    const value = bytes(u32());
    out[name] = name in out ? `${out[name]}\0${value}` : value;
  }
  if (at !== raw.length) throw new SpdyProtocolError(`header block has ${raw.length - at} bytes after its last header`);
  return out;
}

export class HeaderCompressor {
  #started = false;

  compress(h: SpdyHeaders): Buffer {
    const raw = encodeHeaderBlock(h);
    if (this.#started) return deflateRawSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
    this.#started = true;
    return deflateSync(raw, { dictionary: SPDY3_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
  }
}

export class HeaderDecompressor {
  readonly #z: Inflate;
  #out: Buffer[] = [];
  #failure: Error | undefined;
  /** A failed inflate never calls its flush callback: the error handler settles the block instead. */
  #rejectPending: ((e: Error) => void) | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor() {
    this.#z = createInflate({ dictionary: SPDY3_DICTIONARY });
    this.#z.on('data', (b: Buffer) => this.#out.push(b));
    this.#z.on('error', (e: Error) => {
      this.#failure = new SpdyProtocolError(`header block does not inflate: ${e.message}`);
      this.#rejectPending?.(this.#failure);
    });
  }

  /** Blocks are inflated strictly in call order, whatever order the promises are awaited in. */
  decompress(block: Buffer): Promise<SpdyHeaders> {
    if (block.length === 0) return Promise.resolve({}); // no block at all: nothing entered the stream
    const next = this.#queue.then(() => this.#inflate(block));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.#z.destroy();
  }

  #inflate(block: Buffer): Promise<SpdyHeaders> {
    return new Promise((resolve, reject) => {
      if (this.#failure) return reject(this.#failure);
      this.#rejectPending = reject;
      this.#z.write(block);
      // Output of a flushed write is pushed (and, the stream flowing, emitted) before its callback.
      this.#z.flush(constants.Z_SYNC_FLUSH, () => {
        this.#rejectPending = undefined;
        if (this.#failure) return reject(this.#failure);
        try {
          resolve(decodeHeaderBlock(Buffer.concat(this.#out.splice(0))));
        } catch (e) {
          reject(e);
        }
      });
    });
  }
}
