/**
 * One SPDY stream as a Node Duplex: what the peer sends is read, what is written leaves as
 * DATA frames, end() sends FIN (a half-close: the other direction stays open), reset() sends
 * RST_STREAM. A stream the peer resets, or whose connection drops, is destroyed without an
 * error (`resetByPeer` tells which): for port forwarding both are ordinary endings, and an
 * 'error' nobody listens to would take the process down.
 */
import { Duplex } from 'node:stream';
import { FLAG_FIN, MAX_FRAME_LENGTH, RST, type Frame } from './frames.ts';
import type { SpdyHeaders } from './header-block.ts';

/** What a stream needs from its session (session.ts). */
export interface StreamLink {
  send(frame: Frame, done?: () => void): void;
  replyFrame(id: number, headers: SpdyHeaders): Frame;
  /** The stream's reader is full: stop reading the connection until it drains. */
  full(id: number): void;
  drained(id: number): void;
  /** Both directions are over (or the stream was reset): forget it. */
  released(id: number): void;
}

export interface StreamState {
  /** True for streams this side opened (their SYN_REPLY is awaited), false for the peer's until accept(). */
  replied: boolean;
  localFin: boolean;
  remoteFin: boolean;
}

export class SpdyStream extends Duplex {
  readonly id: number;
  /** The SYN_STREAM's headers (the ones sent, for a stream this side opened). */
  readonly headers: SpdyHeaders;
  replyHeaders: SpdyHeaders = {};
  resetByPeer = false;
  readonly #link: StreamLink;
  #replied: boolean;
  #localFin: boolean;
  #remoteFin: boolean;
  #reset = false;

  constructor(link: StreamLink, id: number, headers: SpdyHeaders, s: StreamState) {
    super({ allowHalfOpen: true });
    this.#link = link;
    this.id = id;
    this.headers = headers;
    this.#replied = s.replied;
    this.#localFin = s.localFin;
    this.#remoteFin = s.remoteFin;
    if (s.remoteFin) this.push(null);
    if (s.localFin) this.end();
  }

  /** Answer the peer's SYN_STREAM: the Go client's CreateStream blocks until this arrives. */
  accept(headers: SpdyHeaders = {}): void {
    if (this.#replied || this.#reset) return;
    this.#replied = true;
    this.#link.send(this.#link.replyFrame(this.id, headers));
  }

  /** Abort both directions (the peer drops what it has not delivered). */
  reset(status: number = RST.CANCEL): void {
    if (!this.#reset && !(this.#localFin && this.#remoteFin)) this.#link.send({ type: 'RST_STREAM', streamId: this.id, status });
    this.#reset = true;
    this.destroy();
  }

  /** Session side: a DATA frame (or a FIN on SYN_REPLY/HEADERS) for this stream. */
  receive(data: Buffer, fin: boolean): void {
    if (this.#remoteFin || this.destroyed) return;
    if (data.length && !this.push(data)) this.#link.full(this.id);
    if (fin) {
      this.#remoteFin = true;
      this.push(null);
      this.#settle();
    }
  }

  /** Session side: RST_STREAM from the peer, or the connection is gone. */
  abort(byPeer: boolean): void {
    this.#reset = true;
    this.resetByPeer = byPeer;
    this.destroy();
  }

  override _read(): void {
    this.#link.drained(this.id);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    // A failed send means the connection is gone; the session then aborts every stream, so
    // the write is simply over (see the file comment on errors).
    for (let at = 0; at < chunk.length; at += MAX_FRAME_LENGTH) {
      const last = at + MAX_FRAME_LENGTH >= chunk.length;
      this.#link.send({ type: 'DATA', streamId: this.id, flags: 0, data: chunk.subarray(at, at + MAX_FRAME_LENGTH) }, last ? () => done() : undefined);
    }
    if (chunk.length === 0) done();
  }

  override _final(done: (err?: Error | null) => void): void {
    if (this.#reset || this.#localFin) return done(); // opened with FIN: nothing more to say
    this.#localFin = true;
    this.#link.send({ type: 'DATA', streamId: this.id, flags: FLAG_FIN, data: Buffer.alloc(0) }, () => done());
    this.#settle();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    if (!this.#reset && !(this.#localFin && this.#remoteFin)) this.#link.send({ type: 'RST_STREAM', streamId: this.id, status: RST.CANCEL });
    this.#reset = true;
    this.#link.released(this.id);
    done(err);
  }

  #settle(): void {
    if (this.#localFin && this.#remoteFin) this.#link.released(this.id);
  }
}
