/**
 * Non-streaming JSON requests through undici's `dispatcher.request()` instead of `fetch`: the
 * same Node-bundled undici, the same pooled keep-alive connections and TLS agent, without the
 * WHATWG Request/Response/stream objects fetch builds per call. Measured on B10 (1,000 pod
 * creates + 1,000 bindings): about 0.2-0.3 ms of client CPU per request against 0.7-1.0 ms
 * with fetch. Streams (watch, logs) stay on fetch.
 */
import type { Dispatcher } from './connection.ts';

/** The slice of undici's Dispatcher.request this package uses. */
interface RequestDispatcher extends Dispatcher {
  request(o: { origin: string; path: string; method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }): Promise<{ statusCode: number; body: { text(): Promise<string> } }>;
}

const globalDispatcherSymbol = Symbol.for('undici.globalDispatcher.1');

/** Node's global dispatcher (created by the first fetch), used when no TLS agent is needed. */
async function globalDispatcher(): Promise<RequestDispatcher> {
  const g = globalThis as Record<symbol, unknown>;
  if (!g[globalDispatcherSymbol]) await fetch('data:,').then((r) => r.arrayBuffer());
  return g[globalDispatcherSymbol] as RequestDispatcher;
}

export interface JsonRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** Status code and body text; rejects only on network failure or abort (as fetch does). */
export async function sendRequest(dispatcher: Dispatcher | undefined, r: JsonRequest): Promise<{ status: number; text: string }> {
  const d = (dispatcher as RequestDispatcher | undefined) ?? (await globalDispatcher());
  const u = new URL(r.url);
  const res = await d.request({
    origin: u.origin,
    path: u.pathname + u.search,
    method: r.method,
    headers: r.headers,
    ...(r.body !== undefined ? { body: r.body } : {}),
    ...(r.signal ? { signal: r.signal } : {}),
  });
  return { status: res.statusCode, text: await res.body.text() };
}
