/**
 * What a SPDY session runs over: a byte pipe with back-pressure. kubectl 1.31+ tunnels SPDY
 * in a WebSocket (`SPDY/3.1+portforward.k8s.io`: each binary message is a run of the byte
 * stream, no channel byte, boundaries meaningless; client-go tools/portforward
 * tunneling_connection.go); older clients upgrade the HTTP connection itself to SPDY/3.1.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

export interface SpdyTransport {
  /** `done` runs once the bytes are handed to the socket (or the write failed). */
  write(data: Buffer, done?: (err?: Error | null) => void): void;
  /** Stop and restart delivering incoming bytes (a stream's reader is full). */
  pause(): void;
  resume(): void;
  close(): void;
  onData(fn: (data: Buffer) => void): void;
  /** Once, when the pipe is gone for whatever reason; `err` when it broke. */
  onClose(fn: (err?: Error) => void): void;
}

const closedError = (): Error => Object.assign(new Error('the SPDY connection is closed'), { code: 'ERR_SPDY_CLOSED' });

export function websocketTransport(ws: WebSocket): SpdyTransport {
  return {
    write(data, done) {
      if (ws.readyState !== ws.OPEN) return done?.(closedError());
      ws.send(data, { binary: true }, (err) => done?.(err ?? null));
    },
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    close: () => ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING ? ws.close(1000) : undefined,
    onData(fn) {
      ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
        // client-go refuses text messages on the tunnel; so do we.
        if (!isBinary) return ws.close(1003, 'the SPDY tunnel carries binary messages only');
        fn(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
      });
    },
    onClose(fn) {
      let err: Error | undefined;
      ws.on('error', (e) => (err = e));
      ws.once('close', () => fn(err));
    },
  };
}

export function socketTransport(sock: Duplex): SpdyTransport {
  return {
    write(data, done) {
      if (sock.destroyed || sock.writableEnded) return done?.(closedError());
      sock.write(data, (err) => done?.(err ?? null));
    },
    pause: () => void sock.pause(),
    resume: () => void sock.resume(),
    close: () => void sock.end(),
    onData: (fn) => void sock.on('data', (d: Buffer) => fn(d)),
    onClose(fn) {
      let err: Error | undefined;
      sock.on('error', (e) => (err = e));
      sock.once('close', () => fn(err));
    },
  };
}
