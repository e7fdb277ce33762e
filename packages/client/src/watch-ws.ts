/**
 * The WebSocket watch transport: same URL and query as the HTTP watch, upgraded; one
 * event JSON per text message. A refused upgrade carries the server's Status like any
 * other response, so 410 still becomes an Expired ApiError.
 */
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { KubeObject } from '@skiff/api';
import { AsyncQueue } from './async-queue.ts';
import { wsTlsOptions } from './connection.ts';
import { errorFromResponse, networkError } from './errors.ts';
import type { QueryValue } from './paths.ts';
import type { RestClient } from './rest-client.ts';
import { decodeEvent, type WatchEvent } from './watch-event.ts';

export async function* wsEvents<T extends KubeObject>(
  client: RestClient,
  path: string,
  query: Record<string, QueryValue>,
  signal: AbortSignal,
): AsyncGenerator<WatchEvent<T>> {
  if (signal.aborted) return;
  const url = client.url(path, query).replace(/^http/, 'ws');
  const what = `watch (ws) ${path}`;
  const queue = new AsyncQueue<WatchEvent<T>>();
  const ws = new WebSocket(url, { headers: client.authHeaders(), ...wsTlsOptions(client.tls) });

  ws.on('message', (data, isBinary) => {
    try {
      queue.push(decodeEvent<T>(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString()));
    } catch (e) {
      queue.fail(e);
      ws.terminate();
    }
  });
  ws.on('unexpected-response', (_req, res: IncomingMessage) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => queue.fail(errorFromResponse(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), what)));
    res.on('error', (e) => queue.fail(networkError(what, e)));
  });
  ws.on('error', (e) => {
    if (!signal.aborted) queue.fail(networkError(what, e));
  });
  ws.on('close', () => queue.end());
  const onAbort = (): void => {
    queue.end();
    ws.terminate();
  };
  signal.addEventListener('abort', onAbort, { once: true });

  try {
    yield* queue;
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    else ws.terminate();
  }
}
