/**
 * The cluster DNS for pods on this node: UDP on <dns address>:53. Every pod's resolver
 * (Docker's embedded DNS at 127.0.0.11) sends its queries here (see pod-dns.ts). Malformed
 * packets are dropped; an upstream that does not answer gives SERVFAIL, so Docker moves on
 * to the fallback servers it was also given. UDP only: answers under the cluster domain are
 * small, and a truncated upstream reply is retried over TCP against those fallbacks.
 */
import { createSocket, type Socket } from 'node:dgram';
import { decode, encode, type DecodedPacket } from 'dns-packet';
import { decide, RCODE, reply } from './dns-answer.ts';
import type { NameRecord } from './dns-records.ts';
import { forwardUdp } from './dns-forward.ts';

export type DnsServerResult = { ok: true } | { ok: false; error: string };

export interface DnsServerOptions {
  domain: string;
  lookup: (qname: string) => NameRecord | undefined;
  upstreams: () => readonly string[];
  forwardTimeoutMs?: number;
}

export class DnsServer {
  readonly #o: DnsServerOptions;
  #sock: Socket | undefined;
  /** Queries answered locally / forwarded: tests and debugging. */
  readonly stats = { local: 0, forwarded: 0 };

  constructor(o: DnsServerOptions) {
    this.#o = o;
  }

  listen(host: string, port = 53): Promise<DnsServerResult> {
    const sock = createSocket('udp4');
    return new Promise((resolve) => {
      sock.once('error', (e) => {
        sock.close();
        resolve({ ok: false, error: e.message });
      });
      sock.bind(port, host, () => {
        sock.removeAllListeners('error');
        sock.on('error', () => undefined); // a send to a vanished client is not our problem
        sock.on('message', (msg, rinfo) => void this.#handle(msg).then((out) => out && sock.send(out, rinfo.port, rinfo.address)));
        this.#sock = sock;
        resolve({ ok: true });
      });
    });
  }

  get port(): number {
    return this.#sock?.address().port ?? 0;
  }

  close(): Promise<void> {
    const s = this.#sock;
    this.#sock = undefined;
    return new Promise((resolve) => (s ? s.close(() => resolve()) : resolve()));
  }

  async #handle(msg: Buffer): Promise<Buffer | undefined> {
    let query: DecodedPacket;
    try {
      query = decode(msg);
    } catch {
      return undefined;
    }
    const d = decide(query, this.#o.lookup, this.#o.domain);
    if (d.kind === 'answer') {
      this.stats.local++;
      return encode(d.response);
    }
    this.stats.forwarded++;
    return (await forwardUdp(msg, this.#o.upstreams(), this.#o.forwardTimeoutMs)) ?? encode(reply(query, RCODE.SERVFAIL, [], [], false));
  }
}
