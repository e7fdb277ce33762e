/**
 * `watch(client, ref, opts)` → a `WatchStream`: an async iterator of `{type, object}`
 * events plus `abort()`. Two transports carry the same events from the same URL:
 * HTTP chunked newline-delimited JSON (default) and one JSON event per WebSocket message.
 *
 * Error contract: an ERROR event (a Status, e.g. 410 Expired) is yielded as a typed event;
 * a non-2xx answer (HTTP 410 included) or a malformed frame makes the iterator throw an
 * ApiError. Aborting ends the iteration without an error.
 */
import type { KubeObject } from '@skiff/api';
import { networkError } from './errors.ts';
import { LineDecoder } from './line-decoder.ts';
import { resourcePath, type QueryValue, type ResourceRef } from './paths.ts';
import type { RestClient } from './rest-client.ts';
import { decodeEvent, type WatchEvent } from './watch-event.ts';
import { wsEvents } from './watch-ws.ts';

export type { WatchEvent } from './watch-event.ts';

export interface WatchOptions {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  /** Unset: synthetic ADDED for current state first. Set: only changes after it. */
  resourceVersion?: string | undefined;
  allowWatchBookmarks?: boolean | undefined;
  /** Ask the server to end the stream after this long (clients then re-watch). */
  timeoutSeconds?: number | undefined;
  transport?: 'http' | 'ws' | undefined;
  signal?: AbortSignal | undefined;
}

export class WatchStream<T extends KubeObject = KubeObject> implements AsyncIterable<WatchEvent<T>> {
  readonly #ac = new AbortController();
  readonly #events: AsyncGenerator<WatchEvent<T>>;

  constructor(source: (signal: AbortSignal) => AsyncGenerator<WatchEvent<T>>, external?: AbortSignal) {
    if (external) {
      if (external.aborted) this.#ac.abort();
      else external.addEventListener('abort', () => this.abort(), { once: true, signal: this.#ac.signal });
    }
    this.#events = source(this.#ac.signal);
  }

  get signal(): AbortSignal {
    return this.#ac.signal;
  }

  /** Stop the stream; a pending or later next() reports done. */
  abort(): void {
    this.#ac.abort();
  }

  [Symbol.asyncIterator](): AsyncGenerator<WatchEvent<T>> {
    return this.#events;
  }
}

export function watchQuery(o: WatchOptions): Record<string, QueryValue> {
  return {
    watch: 'true',
    labelSelector: o.labelSelector || undefined,
    fieldSelector: o.fieldSelector || undefined,
    resourceVersion: o.resourceVersion,
    allowWatchBookmarks: o.allowWatchBookmarks || undefined,
    timeoutSeconds: o.timeoutSeconds,
  };
}

export function watch<T extends KubeObject = KubeObject>(client: RestClient, ref: ResourceRef, o: WatchOptions = {}): WatchStream<T> {
  const path = resourcePath(ref, { namespace: o.namespace });
  const query = watchQuery(o);
  const source =
    o.transport === 'ws'
      ? (signal: AbortSignal) => wsEvents<T>(client, path, query, signal)
      : (signal: AbortSignal) => httpEvents<T>(client, path, query, signal);
  return new WatchStream<T>(source, o.signal);
}

async function* httpEvents<T extends KubeObject>(
  client: RestClient,
  path: string,
  query: Record<string, QueryValue>,
  signal: AbortSignal,
): AsyncGenerator<WatchEvent<T>> {
  let res: Response;
  try {
    res = await client.request(path, { query, signal, stream: true });
  } catch (e) {
    if (signal.aborted) return;
    throw e;
  }
  if (!res.body) return;
  const reader = res.body.getReader();
  const lines = new LineDecoder();
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (signal.aborted) return;
        throw networkError(`watch ${path}`, e);
      }
      if (chunk.done) break;
      for (const line of lines.push(chunk.value)) yield decodeEvent<T>(line);
    }
    const rest = lines.flush();
    if (rest !== undefined) yield decodeEvent<T>(rest);
  } finally {
    // Consumer broke out early or an error ended us: release the connection.
    reader.cancel().catch(() => undefined);
  }
}
