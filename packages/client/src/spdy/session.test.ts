import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame, FrameParser, RST, type Frame } from './frames.ts';
import { HeaderCompressor } from './header-block.ts';
import { SpdySession, SpdyStreamRefused } from './session.ts';
import type { SpdyStream } from './stream.ts';
import type { SpdyTransport } from './transport.ts';

/**
 * Two ends of an in-memory byte pipe that, like a WebSocket carrying kubectl's SPDY, cuts and
 * glues the byte stream at random: each write is split in pieces, and pieces queued together
 * are delivered as one chunk.
 */
function pipePair(seed = 7): [SpdyTransport & { paused: boolean }, SpdyTransport & { paused: boolean }] {
  let r = seed;
  const rand = (n: number): number => ((r = (r * 1103515245 + 12345) & 0x7fffffff), r % n);
  interface End extends SpdyTransport {
    paused: boolean;
    inbox: Buffer[];
    data?: (b: Buffer) => void;
    closers: Array<(e?: Error) => void>;
    peer?: End;
    closed: boolean;
    deliver(): void;
  }
  const make = (): End => ({
    paused: false,
    inbox: [],
    closers: [],
    closed: false,
    deliver() {
      if (this.paused || this.closed || !this.inbox.length) return;
      const n = 1 + rand(this.inbox.length);
      this.data?.(Buffer.concat(this.inbox.splice(0, n)));
      setImmediate(() => this.deliver());
    },
    write(d, done) {
      const peer = this.peer!;
      if (this.closed) return done?.(new Error('closed'));
      for (let at = 0; at < d.length; ) {
        const n = 1 + rand(Math.max(1, d.length));
        peer.inbox.push(d.subarray(at, at + n));
        at += n;
      }
      setImmediate(() => peer.deliver());
      done?.(null);
    },
    pause() {
      this.paused = true;
    },
    resume() {
      this.paused = false;
      setImmediate(() => this.deliver());
    },
    close() {
      for (const end of [this, this.peer!]) {
        if (end.closed) continue;
        end.closed = true;
        setImmediate(() => end.closers.forEach((f) => f()));
      }
    },
    onData(fn) {
      this.data = fn;
    },
    onClose(fn) {
      this.closers.push(fn);
    },
  });
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

const text = (s: SpdyStream): Promise<string> =>
  new Promise((resolve) => {
    let out = '';
    s.on('data', (d: Buffer) => (out += d.toString()));
    s.once('end', () => resolve(out));
  });

let sessions: SpdySession[] = [];
afterEach(() => {
  for (const s of sessions) s.close();
  sessions = [];
});

function connect(seed?: number): { client: SpdySession; server: SpdySession; streams: SpdyStream[] } {
  const [ct, st] = pipePair(seed);
  const client = new SpdySession(ct, { server: false });
  const server = new SpdySession(st, { server: true });
  const streams: SpdyStream[] = [];
  server.on('stream', (s) => streams.push(s));
  sessions.push(client, server);
  return { client, server, streams };
}

describe('SpdySession', () => {
  it('opens a stream with headers, waits for the reply, carries bytes both ways and half-closes', async () => {
    const { client, server } = connect();
    server.on('stream', (s) => {
      expect(s.headers).toEqual({ streamtype: 'data', port: '80', requestid: '0' });
      s.accept({ answered: 'yes' });
      s.on('data', (d: Buffer) => s.write(`echo:${d.toString()}`));
      s.on('end', () => s.end('bye')); // the client's FIN: the server may still write
    });
    const c = await client.openStream({ streamtype: 'data', port: '80', requestid: '0' });
    expect(c.id).toBe(1);
    expect(c.replyHeaders).toEqual({ answered: 'yes' });
    const got = text(c);
    c.write('a');
    await new Promise((r) => setTimeout(r, 20));
    c.end('b');
    expect(await got).toBe('echo:aecho:bbye');
  });

  it('keeps many streams apart with their bytes interleaved', async () => {
    const { client, server } = connect(11);
    server.on('stream', (s) => {
      s.accept();
      s.pipe(s); // echo, FIN included
    });
    const results = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const c = await client.openStream({ requestid: String(i) });
        const got = text(c);
        for (let k = 0; k < 5; k++) c.write(`${i}.${k};`);
        c.end();
        return got;
      }),
    );
    results.forEach((r, i) => expect(r).toBe(Array.from({ length: 5 }, (_, k) => `${i}.${k};`).join('')));
    expect(new Set((await Promise.all([client.openStream({}), client.openStream({})])).map((s) => s.id))).toEqual(new Set([25, 27]));
  });

  it('a stream the server refuses rejects the open; a reset after accept closes it on the client', async () => {
    const { client, server } = connect();
    server.on('stream', (s) => {
      if (s.headers['port'] === '0') return s.reset(RST.REFUSED_STREAM);
      s.accept();
      s.once('data', () => s.reset());
    });
    await expect(client.openStream({ port: '0' })).rejects.toEqual(new SpdyStreamRefused(RST.REFUSED_STREAM));
    const c = await client.openStream({ port: '80' });
    c.write('x');
    await once(c, 'close');
    expect(c.resetByPeer).toBe(true);
  });

  it('answers PING, ignores SETTINGS and WINDOW_UPDATE, and stops on GOAWAY', async () => {
    const [raw, st] = pipePair(3);
    const server = new SpdySession(st, { server: true });
    sessions.push(server);
    const accepted: SpdyStream[] = [];
    server.on('stream', (s) => (s.accept(), accepted.push(s)));
    const frames: Frame[] = [];
    const parser = new FrameParser();
    raw.onData((d) => frames.push(...parser.push(d)));
    const send = (f: Frame): void => raw.write(encodeFrame(f));
    const c = new HeaderCompressor();
    send({ type: 'SETTINGS', flags: 0, entries: [{ flags: 0, id: 7, value: 1 << 20 }] });
    send({ type: 'WINDOW_UPDATE', streamId: 0, delta: 1 << 20 });
    send({ type: 'PING', id: 1 });
    send({ type: 'SYN_STREAM', streamId: 1, associatedId: 0, priority: 0, flags: 0, block: c.compress({ port: '80' }) });
    send({ type: 'PING', id: 2 }); // an even id is the server's own: not echoed
    send({ type: 'GOAWAY', lastGoodStreamId: 0, status: 0 });
    send({ type: 'SYN_STREAM', streamId: 3, associatedId: 0, priority: 0, flags: 0, block: c.compress({ port: '81' }) });
    await new Promise((r) => setTimeout(r, 50));
    expect(frames.map((f) => f.type)).toEqual(['PING', 'SYN_REPLY', 'RST_STREAM']);
    expect(frames[0]).toEqual({ type: 'PING', id: 1 });
    expect(frames[2]).toEqual({ type: 'RST_STREAM', streamId: 3, status: RST.REFUSED_STREAM });
    expect(accepted.map((s) => s.headers)).toEqual([{ port: '80' }]);
  });

  it('a dropped connection ends every stream and rejects opens still waiting', async () => {
    const { client, server, streams } = connect();
    let answer = true;
    server.on('stream', (s) => answer && s.accept());
    const open = await client.openStream({});
    answer = false;
    const pending = client.openStream({});
    await new Promise((r) => setTimeout(r, 20));
    const closed = once(server, 'close');
    client.close();
    await expect(pending).rejects.toThrow();
    await closed;
    expect(open.destroyed && streams.every((s) => s.destroyed)).toBe(true);
    await expect(client.openStream({})).rejects.toThrow(/closing/);
  });

  it('a garbage byte stream is a protocol error that closes the connection', async () => {
    const [raw, st] = pipePair();
    const server = new SpdySession(st, { server: true });
    const closed = once(server, 'close');
    raw.write(Buffer.from('8002000100000000', 'hex')); // a SPDY/2 frame
    const [err] = (await closed) as [Error];
    expect(err.message).toMatch(/unsupported SPDY version 2/);
  });

  it('pauses the connection while a stream has unread data, and resumes once it is read', async () => {
    const [ct, st] = pipePair();
    const client = new SpdySession(ct, { server: false });
    const server = new SpdySession(st, { server: true });
    sessions.push(client, server);
    let sink: SpdyStream | undefined;
    server.on('stream', (s) => (s.accept(), (sink = s)));
    const c = await client.openStream({});
    c.write(Buffer.alloc(200_000, 1));
    await new Promise((r) => setTimeout(r, 50));
    expect(st.paused).toBe(true);
    let n = 0;
    sink!.on('data', (d: Buffer) => (n += d.length));
    await new Promise((r) => setTimeout(r, 50));
    expect(n).toBe(200_000);
    expect(st.paused).toBe(false);
  });
});
