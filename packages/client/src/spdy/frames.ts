/**
 * SPDY/3.1 frames as values, and their wire form (draft 3.1 section 2.2): an 8-byte header
 * (control bit, version 3, type, 8-bit flags, 24-bit length) and a body. Header blocks travel
 * compressed; this file only carries their bytes (header-block.ts compresses them), so
 * encoding and parsing stay synchronous and free of per-connection state.
 *
 * Kubernetes' SPDY (moby/spdystream) is used only by Go; no maintained npm package speaks the
 * SPDY/3 framing alone (node-spdy's spdy-transport, last released 2018, is an HTTP-over-SPDY
 * stack with its own flow-control and stream machinery), so this small codec is written here.
 */

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

/** RST_STREAM status codes. */
export const RST = { PROTOCOL_ERROR: 1, INVALID_STREAM: 2, REFUSED_STREAM: 3, UNSUPPORTED_VERSION: 4, CANCEL: 5, INTERNAL_ERROR: 6, FLOW_CONTROL_ERROR: 7, STREAM_IN_USE: 8, STREAM_ALREADY_CLOSED: 9 } as const;

const TYPE = { SYN_STREAM: 1, SYN_REPLY: 2, RST_STREAM: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, HEADERS: 8, WINDOW_UPDATE: 9 } as const;
const VERSION = 3;
export const MAX_FRAME_LENGTH = 0xffffff;

export type Frame =
  | { type: 'DATA'; streamId: number; flags: number; data: Buffer }
  | { type: 'SYN_STREAM'; streamId: number; associatedId: number; priority: number; flags: number; block: Buffer }
  | { type: 'SYN_REPLY'; streamId: number; flags: number; block: Buffer }
  | { type: 'HEADERS'; streamId: number; flags: number; block: Buffer }
  | { type: 'RST_STREAM'; streamId: number; status: number }
  | { type: 'SETTINGS'; flags: number; entries: Array<{ flags: number; id: number; value: number }> }
  | { type: 'PING'; id: number }
  | { type: 'GOAWAY'; lastGoodStreamId: number; status: number }
  | { type: 'WINDOW_UPDATE'; streamId: number; delta: number }
  /** CREDENTIAL and anything newer: the spec says to ignore unknown control frames. */
  | { type: 'UNKNOWN'; code: number };

export class SpdyProtocolError extends Error {
  readonly reason = 'ProtocolError';
  constructor(message: string) {
    super(message);
    this.name = 'SpdyProtocolError';
  }
}

function control(type: number, flags: number, body: Buffer): Buffer {
  if (body.length > MAX_FRAME_LENGTH) throw new SpdyProtocolError(`control frame of ${body.length} bytes is too large`);
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | VERSION, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE(((flags & 0xff) << 24) | body.length, 4);
  return Buffer.concat([head, body]);
}

function words(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

const id31 = (n: number): number => n & 0x7fffffff;

export function encodeFrame(f: Frame): Buffer {
  switch (f.type) {
    case 'DATA': {
      if (f.data.length > MAX_FRAME_LENGTH) throw new SpdyProtocolError(`data frame of ${f.data.length} bytes is too large`);
      return Buffer.concat([words(id31(f.streamId), ((f.flags & 0xff) << 24) | f.data.length), f.data]);
    }
    case 'SYN_STREAM': {
      const fixed = Buffer.alloc(10);
      fixed.writeUInt32BE(id31(f.streamId), 0);
      fixed.writeUInt32BE(id31(f.associatedId), 4);
      fixed.writeUInt8((f.priority & 0x7) << 5, 8);
      return control(TYPE.SYN_STREAM, f.flags, Buffer.concat([fixed, f.block]));
    }
    case 'SYN_REPLY':
      return control(TYPE.SYN_REPLY, f.flags, Buffer.concat([words(id31(f.streamId)), f.block]));
    case 'HEADERS':
      return control(TYPE.HEADERS, f.flags, Buffer.concat([words(id31(f.streamId)), f.block]));
    case 'RST_STREAM':
      return control(TYPE.RST_STREAM, 0, words(id31(f.streamId), f.status));
    case 'SETTINGS':
      return control(TYPE.SETTINGS, f.flags, words(f.entries.length, ...f.entries.flatMap((e) => [((e.flags & 0xff) << 24) | (e.id & 0xffffff), e.value])));
    case 'PING':
      return control(TYPE.PING, 0, words(f.id));
    case 'GOAWAY':
      return control(TYPE.GOAWAY, 0, words(id31(f.lastGoodStreamId), f.status));
    case 'WINDOW_UPDATE':
      return control(TYPE.WINDOW_UPDATE, 0, words(id31(f.streamId), id31(f.delta)));
    case 'UNKNOWN':
      return control(f.code, 0, Buffer.alloc(0));
  }
}

function need(body: Buffer, n: number, what: string): void {
  if (body.length < n) throw new SpdyProtocolError(`${what} frame body of ${body.length} bytes, need ${n}`);
}

export function decodeFrame(whole: Buffer): Frame {
  const w0 = whole.readUInt32BE(0);
  const flags = whole[4]!;
  const body = whole.subarray(8);
  if (!(w0 & 0x80000000)) return { type: 'DATA', streamId: id31(w0), flags, data: body };
  const version = (w0 >>> 16) & 0x7fff;
  if (version !== VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${version}`);
  const type = w0 & 0xffff;
  switch (type) {
    case TYPE.SYN_STREAM:
      need(body, 10, 'SYN_STREAM');
      return { type: 'SYN_STREAM', streamId: id31(body.readUInt32BE(0)), associatedId: id31(body.readUInt32BE(4)), priority: body[8]! >> 5, flags, block: body.subarray(10) };
    case TYPE.SYN_REPLY:
      need(body, 4, 'SYN_REPLY');
      return { type: 'SYN_REPLY', streamId: id31(body.readUInt32BE(0)), flags, block: body.subarray(4) };
    case TYPE.HEADERS:
      need(body, 4, 'HEADERS');
      return { type: 'HEADERS', streamId: id31(body.readUInt32BE(0)), flags, block: body.subarray(4) };
    case TYPE.RST_STREAM:
      need(body, 8, 'RST_STREAM');
      return { type: 'RST_STREAM', streamId: id31(body.readUInt32BE(0)), status: body.readUInt32BE(4) };
    case TYPE.SETTINGS: {
      need(body, 4, 'SETTINGS');
      const n = body.readUInt32BE(0);
      need(body, 4 + n * 8, 'SETTINGS');
      const entries = Array.from({ length: n }, (_, i) => {
        const fid = body.readUInt32BE(4 + i * 8);
        return { flags: fid >>> 24, id: fid & 0xffffff, value: body.readUInt32BE(8 + i * 8) };
      });
      return { type: 'SETTINGS', flags, entries };
    }
    case TYPE.PING:
      need(body, 4, 'PING');
      return { type: 'PING', id: body.readUInt32BE(0) };
    case TYPE.GOAWAY:
      need(body, 8, 'GOAWAY');
      return { type: 'GOAWAY', lastGoodStreamId: id31(body.readUInt32BE(0)), status: body.readUInt32BE(4) };
    case TYPE.WINDOW_UPDATE:
      need(body, 8, 'WINDOW_UPDATE');
      return { type: 'WINDOW_UPDATE', streamId: id31(body.readUInt32BE(0)), delta: id31(body.readUInt32BE(4)) };
    default:
      return { type: 'UNKNOWN', code: type };
  }
}

/**
 * Bytes in, whole frames out. The transport's message boundaries mean nothing (kubectl's Go
 * framer writes each field with its own Write, so one frame can span many WebSocket
 * messages, and one message can hold several frames): chunks are kept as they came and
 * joined only once a whole frame is there.
 */
export class FrameParser {
  #chunks: Buffer[] = [];
  #length = 0;

  push(chunk: Buffer): Frame[] {
    if (chunk.length) {
      this.#chunks.push(chunk);
      this.#length += chunk.length;
    }
    const out: Frame[] = [];
    while (this.#length >= 8) {
      const size = 8 + (this.#peek(8).readUInt32BE(4) & 0xffffff);
      if (this.#length < size) break;
      out.push(decodeFrame(this.#take(size)));
    }
    return out;
  }

  #peek(n: number): Buffer {
    if (this.#chunks[0]!.length < n) this.#chunks = [Buffer.concat(this.#chunks)];
    return this.#chunks[0]!;
  }

  #take(n: number): Buffer {
    const first = this.#peek(n);
    const whole = first.subarray(0, n);
    if (first.length === n) this.#chunks.shift();
    else this.#chunks[0] = first.subarray(n);
    this.#length -= n;
    return whole;
  }
}
