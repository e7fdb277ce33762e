/**
 * The HTTP side of a watch: a chunked response whose frames are coalesced per event-loop turn.
 * Under churn, many events reach a watcher between two turns; writing them as one chunk costs
 * one socket write instead of one per event (each chunked write is a header, the data and a
 * CRLF), and the store's commit path only queues bytes instead of writing to every socket.
 * A watcher whose unsent bytes exceed HIGH_WATER is reported as slow and closed by the caller.
 */
import type { ServerResponse } from 'node:http';
import type { WatchSink } from '../routes/resources/watch.ts';

const HIGH_WATER = 16 * 1024 * 1024;

export function httpWatchSink(raw: ServerResponse, table: boolean): WatchSink & { start(): void } {
  let started = false;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let scheduled = false;
  let ended = false;

  const start = (): void => {
    if (started) return;
    started = true;
    raw.writeHead(200, {
      'content-type': table ? 'application/json;as=Table;v=v1;g=meta.k8s.io' : 'application/json',
      'transfer-encoding': 'chunked',
      'cache-control': 'no-cache',
    });
    raw.flushHeaders(); // clients wait for headers before reading events
  };

  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0 || raw.destroyed) return;
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    raw.write(chunk);
  };

  return {
    start,
    write(frame) {
      if (ended) return false;
      start();
      const b = typeof frame === 'string' ? Buffer.from(frame) : frame;
      pending.push(b);
      pendingBytes += b.length;
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      return raw.writableLength + pendingBytes < HIGH_WATER;
    },
    end() {
      if (ended) return;
      ended = true;
      start();
      flush();
      raw.end();
    },
  };
}
