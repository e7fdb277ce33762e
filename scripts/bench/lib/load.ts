/**
 * Closed-loop load: `connections` keep-alive sockets, each with one request in flight (like
 * kubectl/client-go without HTTP/2), for a fixed duration after a warm-up. The client is
 * http-client.ts (see there for why not undici or autocannon).
 */
import { Connection, rawRequest } from './http-client.ts';
import { Samples } from './stats.ts';

export interface Req {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  ok: number;
  errors: number;
  /** First few non-2xx responses / failures, for the report. */
  errorSamples: string[];
  seconds: number;
  rate: number;
  lat: Samples;
  bytes: number;
}

export interface LoadOptions {
  url: string;
  token: string;
  connections: number;
  durationMs: number;
  warmupMs?: number;
  /** Build request number i (0-based, counting warm-up requests too). */
  request(i: number): Req;
  /** Keep and decode response bodies (otherwise only counted). */
  readBody?: boolean;
}

export async function closedLoop(opts: LoadOptions): Promise<LoadResult> {
  const u = new URL(opts.url);
  const conns = Array.from({ length: opts.connections }, () => new Connection(u.hostname, Number(u.port), u.protocol === 'https:'));
  const lat = new Samples();
  let ok = 0;
  let errs = 0;
  let bytes = 0;
  const errorSamples: string[] = [];
  let i = 0;
  let measuring = false;
  let done = false;
  const note = (s: string): void => {
    if (errorSamples.length < 5) errorSamples.push(s);
  };
  const worker = async (c: Connection): Promise<void> => {
    while (!done) {
      const r = opts.request(i++);
      const raw = rawRequest(r.method, r.path, u.host, opts.token, r.body, r.headers);
      const t = process.hrtime.bigint();
      try {
        const res = await c.request(raw, opts.readBody);
        if (res.status >= 300) note(`${res.status} ${res.body?.slice(0, 300) ?? ''}`);
        if (!measuring) continue;
        if (res.status < 300) {
          ok++;
          bytes += res.bytes;
          lat.record(t);
        } else errs++;
      } catch (e) {
        if (measuring) errs++;
        note(String(e));
        return;
      }
    }
  };
  const workers = conns.map(worker);
  await new Promise((r) => setTimeout(r, opts.warmupMs ?? 0));
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, opts.durationMs));
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  done = true;
  await Promise.all(workers);
  for (const c of conns) c.close();
  return { ok, errors: errs, errorSamples, seconds, rate: ok / seconds, lat, bytes };
}

/** One request on a fresh connection (setup calls: namespaces, seeding checks). */
export async function once(url: string, token: string, r: Req, keepBody = true): Promise<{ status: number; body: string; bytes: number }> {
  const u = new URL(url);
  const c = new Connection(u.hostname, Number(u.port), u.protocol === 'https:');
  try {
    const res = await c.request(rawRequest(r.method, r.path, u.host, token, r.body, r.headers), keepBody);
    return { status: res.status, body: res.body ?? '', bytes: res.bytes };
  } finally {
    c.close();
  }
}

/** Sends requests 0..total-1 with `connections` in flight; throws on the first failure. */
export async function sendAll(url: string, token: string, total: number, connections: number, request: (i: number) => Req): Promise<number> {
  const u = new URL(url);
  const conns = Array.from({ length: Math.min(connections, total) }, () => new Connection(u.hostname, Number(u.port), u.protocol === 'https:'));
  let i = 0;
  const t0 = performance.now();
  await Promise.all(
    conns.map(async (c) => {
      while (i < total) {
        const r = request(i++);
        const res = await c.request(rawRequest(r.method, r.path, u.host, token, r.body, r.headers));
        if (res.status >= 300) throw new Error(`${r.method} ${r.path}: ${res.status} ${res.body?.slice(0, 300) ?? ''}`);
      }
    }),
  );
  for (const c of conns) c.close();
  return total / ((performance.now() - t0) / 1000);
}

/** The same request `n` times in sequence on one connection; returns each latency (ms) and the last response's size. */
export async function sequential(url: string, token: string, r: Req, n: number): Promise<{ lat: number[]; bytes: number }> {
  const u = new URL(url);
  const c = new Connection(u.hostname, Number(u.port), u.protocol === 'https:');
  const raw = rawRequest(r.method, r.path, u.host, token, r.body, r.headers);
  const lat: number[] = [];
  let bytes = 0;
  try {
    for (let k = 0; k < n; k++) {
      const t = performance.now();
      const res = await c.request(raw);
      lat.push(performance.now() - t);
      if (res.status >= 300) throw new Error(`${r.method} ${r.path}: ${res.status} ${res.body?.slice(0, 300) ?? ''}`);
      bytes = res.bytes;
    }
  } finally {
    c.close();
  }
  return { lat, bytes };
}
