/**
 * A SPDY/3.1 connection, either side, as Kubernetes uses it (moby/spdystream): streams are
 * opened with SYN_STREAM (client odd ids, server even) and answered with SYN_REPLY; DATA with
 * FIN half-closes, RST_STREAM aborts; PINGs from the peer are echoed; GOAWAY stops new
 * streams. Like spdystream it does no flow control (SETTINGS and WINDOW_UPDATE are read and
 * ignored): back-pressure is the transport's, paused while any stream's reader is full.
 *
 * Frames are handled strictly in arrival order, header blocks inflated through one context
 * (header-block.ts), so a DATA frame never overtakes the SYN_STREAM that opened its stream.
 */
import { EventEmitter } from 'node:events';
import { encodeFrame, FLAG_FIN, FLAG_UNIDIRECTIONAL, FrameParser, RST, SpdyProtocolError, type Frame } from './frames.ts';
import { HeaderCompressor, HeaderDecompressor, type SpdyHeaders } from './header-block.ts';
import { SpdyStream, type StreamLink } from './stream.ts';
import type { SpdyTransport } from './transport.ts';

export class SpdyStreamRefused extends Error {
  readonly reason = 'StreamRefused';
  readonly status: number;
  constructor(status: number) {
    super(`the peer reset the stream (RST_STREAM status ${status})`);
    this.name = 'SpdyStreamRefused';
    this.status = status;
  }
}

interface Events {
  /** A SYN_STREAM from the peer: accept() it (SYN_REPLY) or reset() it. */
  stream: [SpdyStream];
  goaway: [];
  close: [Error | undefined];
}

export class SpdySession extends EventEmitter<Events> {
  readonly #t: SpdyTransport;
  readonly #server: boolean;
  readonly #parser = new FrameParser();
  readonly #compressor = new HeaderCompressor();
  readonly #decompressor = new HeaderDecompressor();
  readonly #streams = new Map<number, SpdyStream>();
  readonly #opening = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  readonly #full = new Set<number>();
  readonly #inbox: Frame[] = [];
  #draining = false;
  #nextId: number;
  #lastPeerId = 0;
  #goneAway = false;
  #closed = false;
  readonly #link: StreamLink;

  /** `server`: this side accepted the connection (kubelet); the client (kubectl) opens streams. */
  constructor(transport: SpdyTransport, o: { server: boolean }) {
    super();
    this.#t = transport;
    this.#server = o.server;
    this.#nextId = o.server ? 2 : 1;
    this.#link = {
      send: (f, done) => this.#send(f, done),
      replyFrame: (id, h) => ({ type: 'SYN_REPLY', streamId: id, flags: 0, block: this.#compressor.compress(h) }),
      full: (id) => {
        this.#full.add(id);
        this.#t.pause();
      },
      drained: (id) => this.#drained(id),
      released: (id) => {
        this.#streams.delete(id);
        this.#drained(id);
      },
    };
    transport.onData((d) => this.#receive(d));
    transport.onClose((err) => this.#teardown(err));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Open a stream and wait for the peer's SYN_REPLY; a RST_STREAM instead rejects with SpdyStreamRefused. */
  openStream(headers: SpdyHeaders): Promise<SpdyStream> {
    if (this.#closed || this.#goneAway) return Promise.reject(new SpdyProtocolError('the SPDY connection is closing'));
    const id = this.#nextId;
    this.#nextId += 2;
    const stream = new SpdyStream(this.#link, id, headers, { replied: false, localFin: false, remoteFin: false });
    this.#streams.set(id, stream);
    return new Promise((resolve, reject) => {
      this.#opening.set(id, { resolve: () => resolve(stream), reject });
      this.#send({ type: 'SYN_STREAM', streamId: id, associatedId: 0, priority: 0, flags: 0, block: this.#compressor.compress(headers) });
    });
  }

  /** GOAWAY, then close the transport (streams still open are aborted). */
  close(status = 0): void {
    if (this.#closed) return;
    if (!this.#goneAway) this.#send({ type: 'GOAWAY', lastGoodStreamId: this.#lastPeerId, status });
    this.#goneAway = true;
    this.#t.close();
  }

  #send(f: Frame, done?: () => void): void {
    if (this.#closed) return void done?.();
    this.#t.write(encodeFrame(f), () => done?.());
  }

  #drained(id: number): void {
    if (this.#full.delete(id) && this.#full.size === 0 && !this.#closed) this.#t.resume();
  }

  #receive(chunk: Buffer): void {
    if (this.#closed) return;
    try {
      this.#inbox.push(...this.#parser.push(chunk));
    } catch (e) {
      return this.#fail(e);
    }
    void this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (let f = this.#inbox.shift(); f && !this.#closed; f = this.#inbox.shift()) {
        const pending = this.#handle(f);
        if (pending) await pending;
      }
    } catch (e) {
      this.#fail(e);
    } finally {
      this.#draining = false;
    }
  }

  #fail(e: unknown): void {
    this.close(1); // GOAWAY PROTOCOL_ERROR
    this.#teardown(e instanceof Error ? e : new Error(String(e)));
  }

  /** Returns a promise only for frames with a header block (they must be inflated in order). */
  #handle(f: Frame): Promise<void> | undefined {
    switch (f.type) {
      case 'SYN_STREAM':
        return this.#decompressor.decompress(f.block).then((h) => this.#peerStream(f, h));
      case 'SYN_REPLY':
        return this.#decompressor.decompress(f.block).then((h) => {
          const s = this.#streams.get(f.streamId);
          if (s) s.replyHeaders = h;
          this.#opening.get(f.streamId)?.resolve();
          this.#opening.delete(f.streamId);
          if (f.flags & FLAG_FIN) s?.receive(Buffer.alloc(0), true);
        });
      case 'HEADERS': // inflated even when unused: the compression context must advance
        return this.#decompressor.decompress(f.block).then(() => {
          if (f.flags & FLAG_FIN) this.#streams.get(f.streamId)?.receive(Buffer.alloc(0), true);
        });
      case 'DATA':
        this.#streams.get(f.streamId)?.receive(f.data, (f.flags & FLAG_FIN) !== 0);
        return undefined;
      case 'RST_STREAM':
        this.#opening.get(f.streamId)?.reject(new SpdyStreamRefused(f.status));
        this.#opening.delete(f.streamId);
        this.#streams.get(f.streamId)?.abort(true);
        return undefined;
      case 'PING':
        // Odd ids are the client's: echo the peer's pings, ignore answers to our own.
        if (f.id % 2 === (this.#server ? 1 : 0)) this.#send(f);
        return undefined;
      case 'GOAWAY':
        this.#goneAway = true;
        this.emit('goaway');
        return undefined;
      default: // SETTINGS, WINDOW_UPDATE, unknown control frames
        return undefined;
    }
  }

  #peerStream(f: Extract<Frame, { type: 'SYN_STREAM' }>, headers: SpdyHeaders): void {
    const fromPeer = f.streamId % 2 === (this.#server ? 1 : 0);
    if (!fromPeer || f.streamId <= this.#lastPeerId) return this.#send({ type: 'RST_STREAM', streamId: f.streamId, status: RST.PROTOCOL_ERROR });
    this.#lastPeerId = f.streamId;
    if (this.#goneAway || this.listenerCount('stream') === 0) return this.#send({ type: 'RST_STREAM', streamId: f.streamId, status: RST.REFUSED_STREAM });
    const s = new SpdyStream(this.#link, f.streamId, headers, { replied: false, localFin: (f.flags & FLAG_UNIDIRECTIONAL) !== 0, remoteFin: (f.flags & FLAG_FIN) !== 0 });
    this.#streams.set(f.streamId, s);
    this.emit('stream', s);
  }

  #teardown(err?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#inbox.length = 0;
    for (const o of this.#opening.values()) o.reject(err ?? new SpdyProtocolError('the SPDY connection closed'));
    this.#opening.clear();
    for (const s of [...this.#streams.values()]) s.abort(false);
    this.#streams.clear();
    this.#decompressor.close();
    this.#t.close();
    this.emit('close', err);
  }
}
