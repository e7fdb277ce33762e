/**
 * The data path against a real api-server, with real sockets and an in-memory address table
 * (no privileges needed): ClusterIPs are taken from 127.0.0.0/8, which the kernel already
 * routes to loopback, so the proxy can bind them without adding anything.
 */
import { createServer, connect, type Server } from 'node:net';
import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointSlice, KubeObject, Pod, Service } from '@skiff/api';
import type { RestClient } from '@skiff/client';
import { silentLogger } from '@skiff/logging';
import { startTestServer, type TestServer } from '@skiff/testing';
import type { EventSink } from '../events/recorder.ts';
import { clientFor, eventually } from '../test-support.ts';
import { ServiceDataPath } from './data-path.ts';
import type { AddressResult, ListResult, LocalAddresses } from './local-addresses.ts';
import { ENDPOINT_SLICES, SERVICES } from './refs.ts';

/** One host's loopback as two owners see it: `ips` under our label, `others` under another agent's. */
class MemoryAddresses implements LocalAddresses {
  readonly ips = new Set<string>();
  readonly others = new Set<string>();
  failWith: string | undefined;
  async list(): Promise<ListResult> {
    return { ok: true, ips: [...this.ips] };
  }
  async add(ip: string): Promise<AddressResult> {
    if (this.failWith) return { ok: false, reason: 'Failed', error: this.failWith };
    if (this.others.has(ip)) return { ok: false, reason: 'HeldByOther', error: `${ip} is held by another owner` };
    this.ips.add(ip);
    return { ok: true };
  }
  readonly removed: string[] = [];
  async remove(ip: string): Promise<AddressResult> {
    this.removed.push(ip);
    this.ips.delete(ip);
    return { ok: true };
  }
}

class RecordingEvents implements EventSink {
  readonly seen: string[] = [];
  event(obj: KubeObject, type: string, reason: string, message: string): void {
    this.seen.push(`${obj.kind}/${obj.metadata.name} ${type} ${reason}: ${message}`);
  }
}

const base = 20000 + (process.pid % 5000) * 4; // ports for this run
const CLUSTER_IP = `127.${(process.pid >> 8) & 255}.${process.pid & 255}.7`;
let server: TestServer;
let client: RestClient;
const backends: Server[] = [];
const backendPorts: number[] = [];

async function named(name: string): Promise<number> {
  const s = createServer((c) => c.end(`${name}\n`));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  backends.push(s);
  return (s.address() as { port: number }).port;
}

/** One connection to host:port: the backend's name, or the error code when refused/reset. */
function ask(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    let buf = '';
    const s = connect(port, host);
    s.on('data', (d) => (buf += d.toString()));
    s.on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? 'error'));
    s.on('close', () => resolve(buf.trim() || 'empty'));
  });
}

const svc = (ports: NonNullable<Service['spec']>['ports']): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'NodePort', clusterIP: CLUSTER_IP, clusterIPs: [CLUSTER_IP], selector: { app: 'web' }, ports } });
/** Both backends listen on 127.0.0.1 at different ports, and a slice has one port list: one slice per backend. */
const sliceFor = (name: string, port: number, ready: boolean): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4',
  ports: [{ name: '', port, protocol: 'TCP' }],
  endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready } }],
});

beforeAll(async () => {
  server = await startTestServer();
  client = clientFor(server);
  backendPorts.push(await named('a'), await named('b'));
});
afterAll(async () => {
  for (const s of backends) s.close();
  await server?.close();
});

describe('ServiceDataPath', () => {
  it('proxies ClusterIP and NodePort to ready endpoints only, follows changes within a second, cleans up', async () => {
    const addresses = new MemoryAddresses();
    addresses.ips.add('10.96.9.9'); // left behind by a previous run: must go
    const dp = await ServiceDataPath.start({ client, log: silentLogger(), nodeName: 'n1', addresses, dnsAddress: '127.0.0.1', dnsPort: 0, nodePortHost: '127.0.0.1', upstreams: [] });
    try {
      expect(dp.status).toEqual({ enabled: true, dns: true });
      expect([...addresses.ips].sort()).toEqual(['127.0.0.1']);

      const port = base;
      const nodePort = base + 1;
      await client.create(SERVICES, svc([{ port, nodePort, protocol: 'TCP' }]));
      await client.create(ENDPOINT_SLICES, sliceFor('web-a', backendPorts[0]!, true));
      await client.create(ENDPOINT_SLICES, sliceFor('web-b', backendPorts[1]!, false));
      await eventually(async () => (await ask(CLUSTER_IP, port)) === 'a' || undefined, 2000, 'ClusterIP answers');
      expect(addresses.ips.has(CLUSTER_IP)).toBe(true);
      for (let i = 0; i < 4; i++) expect(await ask(CLUSTER_IP, port)).toBe('a');
      expect(await ask('127.0.0.1', nodePort)).toBe('a');

      // b becomes ready: within a second both answer, alternating.
      const t0 = Date.now();
      const b = await client.get<EndpointSlice>(ENDPOINT_SLICES, 'web-b', { namespace: 'default' });
      await client.update(ENDPOINT_SLICES, { ...b, endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }] });
      await eventually(async () => (await ask(CLUSTER_IP, port)) === 'b' || undefined, 1000, 'b answers');
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(new Set([await ask(CLUSTER_IP, port), await ask(CLUSTER_IP, port)])).toEqual(new Set(['a', 'b']));

      // Every endpoint gone: connections are refused (reset), the listener stays.
      await client.delete(ENDPOINT_SLICES, 'web-a', { namespace: 'default' });
      await client.delete(ENDPOINT_SLICES, 'web-b', { namespace: 'default' });
      await eventually(async () => ['ECONNRESET', 'empty'].includes(await ask(CLUSTER_IP, port)) || undefined, 1000, 'refused');

      // The service goes: listener closed, address given back.
      await client.delete(SERVICES, 'web', { namespace: 'default' });
      await eventually(() => !addresses.ips.has(CLUSTER_IP) || undefined, 2000, 'address removed');
      expect(await ask(CLUSTER_IP, port)).toBe('ECONNREFUSED');
      expect(dp.listeners.size).toBe(0);
    } finally {
      await dp.stop();
      await client.delete(SERVICES, 'web', { namespace: 'default' }).catch(() => undefined);
    }
    expect(addresses.ips.size).toBe(0);
  });

  it('answers service names over DNS and gives pods the cluster resolver', async () => {
    await client.create(SERVICES, { ...svc([{ port: base + 2, protocol: 'TCP' }]), metadata: { name: 'api', namespace: 'default' }, spec: { clusterIP: CLUSTER_IP, ports: [{ port: base + 2 }] } });
    const dp = await ServiceDataPath.start({ client, log: silentLogger(), nodeName: 'n1', addresses: new MemoryAddresses(), dnsAddress: '127.0.0.1', dnsPort: 0, upstreams: ['10.255.255.53', '127.0.0.53'] });
    try {
      const r = new Resolver({ timeout: 1000, tries: 1 });
      r.setServers([`127.0.0.1:${dp.dnsPort}`]);
      expect(await r.resolve4('api.default.svc.cluster.local')).toEqual([CLUSTER_IP]);
      const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'team' }, spec: { containers: [] } };
      expect(dp.podDns(pod)).toEqual({ servers: ['127.0.0.1', '10.255.255.53'], searches: ['team.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'] });
      expect(dp.podDns({ ...pod, spec: { containers: [], dnsPolicy: 'Default' } })).toBeUndefined();
      expect(dp.podDns({ ...pod, spec: { containers: [], hostNetwork: true } })).toBeUndefined();
    } finally {
      await dp.stop();
      await client.delete(SERVICES, 'api', { namespace: 'default' });
    }
  });

  it('without privileges: says so once (log + Node event), stays off, never throws', async () => {
    const addresses = new MemoryAddresses();
    addresses.failWith = 'RTNETLINK answers: Operation not permitted';
    const events = new RecordingEvents();
    const dp = await ServiceDataPath.start({ client, log: silentLogger(), nodeName: 'n1', addresses, events, dnsAddress: '127.0.0.1', dnsPort: 0 });
    expect(dp.status.enabled).toBe(false);
    expect(dp.status.reason).toContain('Operation not permitted');
    expect(events.seen).toEqual([expect.stringMatching(/^Node\/n1 Warning ServiceProxyUnavailable: .*Operation not permitted/)]);
    expect(dp.podDns({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [] } })).toBeUndefined();
    await dp.stop();
  });

  it('addresses another agent on the host holds are used but never claimed or removed', async () => {
    // A second cluster's agent on this host holds the DNS address and this ClusterIP.
    const addresses = new MemoryAddresses();
    addresses.others.add('127.0.0.1');
    addresses.others.add(CLUSTER_IP);
    const events = new RecordingEvents();
    await client.create(SERVICES, { ...svc([]), metadata: { name: 'shared', namespace: 'default' }, spec: { clusterIP: CLUSTER_IP, ports: [{ port: base + 4 }] } });
    const dp = await ServiceDataPath.start({ client, log: silentLogger(), nodeName: 'n1', addresses, events, dnsAddress: '127.0.0.1', dnsPort: 0, resyncMs: 100 });
    try {
      expect(dp.status).toEqual({ enabled: true, dns: true });
      expect(events.seen).toEqual([]);
      // The address is local, so the listener binds; it is just not ours.
      await eventually(() => dp.listeners.has(`${CLUSTER_IP}:${base + 4}`) || undefined, 2000, 'listener up');
      expect([...dp.addresses]).toEqual([]);
      await client.delete(SERVICES, 'shared', { namespace: 'default' });
      await eventually(() => dp.listeners.size === 0 || undefined, 2000, 'listener closed');
    } finally {
      await dp.stop();
      await client.delete(SERVICES, 'shared', { namespace: 'default' }).catch(() => undefined);
    }
    // Never even asked to remove them (the kernel would refuse by label anyway).
    expect(addresses.removed).toEqual([]);
    expect(addresses.ips.size).toBe(0);
  });

  it('a port that is taken is reported on the Service and retried', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(base + 3, CLUSTER_IP, r));
    const events = new RecordingEvents();
    await client.create(SERVICES, { ...svc([]), metadata: { name: 'busy', namespace: 'default' }, spec: { clusterIP: CLUSTER_IP, ports: [{ port: base + 3 }] } });
    const dp = await ServiceDataPath.start({ client, log: silentLogger(), nodeName: 'n1', addresses: new MemoryAddresses(), events, dnsAddress: '127.0.0.1', dnsPort: 0, resyncMs: 100 });
    try {
      expect(events.seen).toEqual([expect.stringMatching(/^Service\/busy Warning FailedToListen: .*EADDRINUSE/)]);
      await new Promise<void>((r) => blocker.close(() => r()));
      await eventually(() => dp.listeners.has(`${CLUSTER_IP}:${base + 3}`) || undefined, 2000, 'listener retried');
      expect(events.seen).toHaveLength(1);
    } finally {
      await dp.stop();
    }
  });
});
