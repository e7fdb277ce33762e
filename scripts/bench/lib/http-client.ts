/**
 * A minimal HTTP/1.1 keep-alive client over node:net, for load generation only: requests are
 * pre-serialised strings, responses are framed by content-length (or chunked, decoded at the
 * end), and bodies are kept only when asked for. One request in flight per connection.
 *
 * Why not undici's Pool (the client inside Node's fetch): on this 2 vCPU box, against a trivial
 * node:http server in another process (GET, 10 connections, 5 s, runs interleaved), undici's
 * `pool.request` loop reached 7–13k req/s, autocannon 9 17–20k and this client 14–23k. On 2 cores every cycle the generator burns is taken from the server under test, so the
 * cheapest generator gives the truest server numbers. Latency samples are exact (no HDR buckets).
 */
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface RawResponse {
  status: number;
  bytes: number;
  body?: string;
}

const CRLF2 = Buffer.from('\r\n\r\n');

export class Connection {
  private socket: Socket;
  private ready: Promise<void>;
  private waiting: { resolve(r: RawResponse): void; reject(e: Error): void; keep: boolean } | undefined;
  private head: Buffer | undefined; // bytes before the end of headers
  private status = 0;
  private remaining = -1; // body bytes still expected (content-length); -2 = chunked
  private bytes = 0;
  private parts: Buffer[] = [];
  private keep = false;

  constructor(host: string, port: number, tls = false) {
    // TLS (BENCH_TLS=1): the server's self-made CA is not checked; this is a load generator.
    this.socket = tls ? tlsConnect({ host, port, rejectUnauthorized: false }) : connect({ host, port, noDelay: true });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once(tls ? 'secureConnect' : 'connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('data', (d: Buffer) => this.onData(d));
    this.socket.on('error', (e) => this.fail(e));
    this.socket.on('close', () => this.fail(new Error('connection closed')));
  }

  private fail(e: Error): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(e);
  }

  async request(raw: string, keepBody = false): Promise<RawResponse> {
    await this.ready;
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject, keep: keepBody };
      this.head = undefined;
      this.remaining = -1;
      this.bytes = 0;
      this.parts = [];
      this.keep = keepBody;
      this.socket.write(raw);
    });
  }

  private onData(d: Buffer): void {
    if (this.remaining === -1) {
      const buf = this.head ? Buffer.concat([this.head, d]) : d;
      const end = buf.indexOf(CRLF2);
      if (end < 0) {
        this.head = buf;
        return;
      }
      const headers = buf.toString('latin1', 0, end).toLowerCase();
      this.status = Number(headers.slice(9, 12));
      const m = /\r\ncontent-length:\s*(\d+)/.exec(headers);
      if (m) this.remaining = Number(m[1]);
      else if (/\r\ntransfer-encoding:\s*chunked/.test(headers)) this.remaining = -2;
      else this.remaining = 0;
      d = buf.subarray(end + 4);
    }
    this.bytes += d.length;
    if (this.remaining === -2) {
      this.parts.push(d);
      const tail = Buffer.concat(this.parts.slice(-2)).subarray(-5).toString('latin1');
      if (tail === '0\r\n\r\n') this.complete(true);
      return;
    }
    if (this.keep || this.status >= 300) this.parts.push(d);
    this.remaining -= d.length;
    if (this.remaining <= 0) this.complete(false);
  }

  private complete(chunked: boolean): void {
    const w = this.waiting;
    this.waiting = undefined;
    let body: string | undefined;
    if (chunked) {
      const all = Buffer.concat(this.parts);
      const out: Buffer[] = [];
      let i = 0;
      for (;;) {
        const nl = all.indexOf('\r\n', i);
        const size = parseInt(all.toString('latin1', i, nl), 16);
        if (!size) break;
        out.push(all.subarray(nl + 2, nl + 2 + size));
        i = nl + 2 + size + 2;
      }
      const b = Buffer.concat(out);
      this.bytes = b.length;
      if (this.keep || this.status >= 300) body = b.toString('utf8');
    } else if (this.parts.length) body = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    w?.resolve({ status: this.status, bytes: this.bytes, ...(body !== undefined ? { body } : {}) });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Serialises one request. `auth` is a bearer token. */
export function rawRequest(method: string, path: string, host: string, auth: string, body?: string, headers: Record<string, string> = {}): string {
  let h = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\nauthorization: Bearer ${auth}\r\nuser-agent: skiff-bench\r\n`;
  for (const [k, v] of Object.entries(headers)) h += `${k}: ${v}\r\n`;
  if (body !== undefined) {
    if (!('content-type' in headers)) h += 'content-type: application/json\r\n';
    h += `content-length: ${Buffer.byteLength(body)}\r\n`;
  }
  return `${h}\r\n${body ?? ''}`;
}
