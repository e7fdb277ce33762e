/** The DNS server on real UDP sockets, asked by Node's own resolver (c-ares), not by our encoder. */
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { afterEach, expect, it } from 'vitest';
import { decode, encode } from 'dns-packet';
import { DnsServer } from './dns-server.ts';
import { upstreamsFromResolvConf } from './dns-forward.ts';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function server(upstreams: string[] = []): Promise<DnsServer> {
  const s = new DnsServer({
    domain: 'cluster.local',
    lookup: (q) => (q === 'web.default.svc.cluster.local' ? { kind: 'addresses', ips: ['10.96.0.7'] } : undefined),
    upstreams: () => upstreams,
    forwardTimeoutMs: 300,
  });
  expect(await s.listen('127.0.0.1', 0)).toEqual({ ok: true });
  closers.push(() => s.close());
  return s;
}

function resolver(port: number): Resolver {
  const r = new Resolver({ timeout: 1000, tries: 1 });
  r.setServers([`127.0.0.1:${port}`]);
  return r;
}

/** A fake upstream that answers every A query with 203.0.113.1. */
async function upstream(): Promise<number> {
  const sock = createSocket('udp4');
  sock.on('message', (msg, r) => {
    const q = decode(msg);
    sock.send(encode({ type: 'response', id: q.id, flags: 1 << 7, questions: q.questions, answers: [{ type: 'A', name: q.questions![0]!.name, ttl: 60, data: '203.0.113.1' }] }), r.port, r.address);
  });
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => sock.close(() => r())));
  return sock.address().port;
}

it('answers service names itself and forwards the rest upstream', async () => {
  const up = await upstream();
  const s = await server([`127.0.0.1:${up}`]);
  const r = resolver(s.port);
  expect(await r.resolve4('web.default.svc.cluster.local')).toEqual(['10.96.0.7']);
  await expect(r.resolve4('nope.default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  expect(await r.resolve4('example.com')).toEqual(['203.0.113.1']);
  expect(s.stats).toEqual({ local: 2, forwarded: 1 });
});

it('SERVFAIL when no upstream answers', async () => {
  const silent = createSocket('udp4');
  await new Promise<void>((r) => silent.bind(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => silent.close(() => r())));
  const s = await server([`127.0.0.1:${silent.address().port}`]);
  await expect(resolver(s.port).resolve4('example.com')).rejects.toMatchObject({ code: 'ESERVFAIL' });
});

it('drops garbage without dying', async () => {
  const s = await server();
  const c = createSocket('udp4');
  closers.push(() => new Promise<void>((r) => c.close(() => r())));
  c.send(Buffer.from([1, 2, 3]), s.port, '127.0.0.1');
  expect(await resolver(s.port).resolve4('web.default.svc.cluster.local')).toEqual(['10.96.0.7']);
});

it('a port in use is a result, not a throw', async () => {
  const a = await server();
  const b = new DnsServer({ domain: 'cluster.local', lookup: () => undefined, upstreams: () => [] });
  expect(await b.listen('127.0.0.1', a.port)).toEqual({ ok: false, error: expect.stringContaining('EADDRINUSE') });
});

it('reads IPv4 nameservers from resolv.conf, skipping our own address', () => {
  expect(upstreamsFromResolvConf('# x\nnameserver 10.255.255.53\nnameserver ::1\nnameserver 169.254.20.10\nsearch lan\nnameserver 10.255.255.53\n', ['169.254.20.10'])).toEqual(['10.255.255.53']);
});
