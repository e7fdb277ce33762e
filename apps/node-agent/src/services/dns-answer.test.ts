/** DNS answers built from service records, checked on the decoded wire format. */
import { describe, expect, it } from 'vitest';
import { decode, encode, type Answer, type DecodedPacket, type RecordType } from 'dns-packet';
import type { EndpointSlice, Service } from '@skiff/api';
import { decide, RCODE } from './dns-answer.ts';
import { lookupName, parseServiceName, type NameRecord, type ServiceView } from './dns-records.ts';

const DOMAIN = 'cluster.local';
const dataOf = (a: Answer): unknown => (a as { data?: unknown }).data;
const query = (name: string, type: RecordType = 'A'): DecodedPacket => decode(encode({ type: 'query', id: 4242, flags: 1 << 8, questions: [{ type, name }] }));
/** Decide, encode, decode: what a resolver would actually read. */
function ask(name: string, records: Record<string, NameRecord>, type: RecordType = 'A'): DecodedPacket | 'forward' {
  const d = decide(query(name, type), (q) => records[q], DOMAIN);
  return d.kind === 'forward' ? 'forward' : decode(encode(d.response));
}

describe('decide', () => {
  const records: Record<string, NameRecord> = {
    'web.default.svc.cluster.local': { kind: 'addresses', ips: ['10.96.0.7'] },
    'db.prod.svc.cluster.local': { kind: 'addresses', ips: ['172.19.0.5', '172.19.0.6'] },
    'ext.default.svc.cluster.local': { kind: 'cname', target: 'example.com' },
  };

  it('answers a service name with its ClusterIP: authoritative, id and RD kept, short TTL', () => {
    const r = ask('web.default.svc.cluster.local', records) as DecodedPacket;
    expect(r).toMatchObject({ id: 4242, type: 'response', rcode: 'NOERROR', flag_aa: true, flag_rd: true, flag_ra: true });
    expect(r.answers).toEqual([expect.objectContaining({ type: 'A', name: 'web.default.svc.cluster.local', ttl: 5, data: '10.96.0.7' })]);
  });

  it('matches names case-insensitively and with a trailing dot, echoing the question as asked', () => {
    const r = ask('WEB.default.svc.cluster.local.', records) as DecodedPacket;
    expect(r.answers?.map(dataOf)).toEqual(['10.96.0.7']);
  });

  it('a headless service answers every ready endpoint', () => {
    const r = ask('db.prod.svc.cluster.local', records) as DecodedPacket;
    expect(r.answers?.map(dataOf)).toEqual(['172.19.0.5', '172.19.0.6']);
  });

  it('AAAA for an existing service is NODATA (NOERROR, no answers), not NXDOMAIN', () => {
    const r = ask('web.default.svc.cluster.local', records, 'AAAA') as DecodedPacket;
    expect(r).toMatchObject({ rcode: 'NOERROR', answers: [] });
    expect(r.authorities?.[0]).toMatchObject({ type: 'SOA', name: 'cluster.local' });
  });

  it('ExternalName is a CNAME', () => {
    const r = ask('ext.default.svc.cluster.local', records) as DecodedPacket;
    expect(r.answers).toEqual([expect.objectContaining({ type: 'CNAME', data: 'example.com' })]);
  });

  it.each(['nope.default.svc.cluster.local', 'web.default.default.svc.cluster.local', 'cluster.local'])('%s is NXDOMAIN (search-list misses stay local)', (name) => {
    expect(ask(name, records)).toMatchObject({ rcode: 'NXDOMAIN', answers: [] });
  });

  it.each(['example.com', 'web.default', 'notcluster.local'])('%s is forwarded upstream', (name) => {
    expect(ask(name, records)).toBe('forward');
  });

  it('a packet without a question is FORMERR', () => {
    const d = decide(decode(encode({ type: 'query', id: 1, questions: [] })), () => undefined, DOMAIN);
    expect(d.kind === 'answer' && d.response.flags! & 0xf).toBe(RCODE.FORMERR);
  });
});

describe('service records', () => {
  const svc = (name: string, spec: NonNullable<Service['spec']>): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'h-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'h' } }, addressType: 'IPv4',
    endpoints: [{ addresses: ['172.19.0.9'], conditions: { ready: true } }, { addresses: ['172.19.0.8'], conditions: { ready: false } }],
  };
  const services: Record<string, Service> = {
    web: svc('web', { clusterIP: '10.96.0.7', ports: [{ port: 80 }] }),
    h: svc('h', { clusterIP: 'None' }),
    x: svc('x', { type: 'ExternalName', externalName: 'example.com.' }),
    pending: svc('pending', { ports: [{ port: 80 }] }),
  };
  const view: ServiceView = { service: (ns, n) => (ns === 'default' ? services[n] : undefined), slices: (_ns, n) => (n === 'h' ? [slice] : []) };

  it.each([
    ['web.default.svc.cluster.local', { kind: 'addresses', ips: ['10.96.0.7'] }],
    ['h.default.svc.cluster.local', { kind: 'addresses', ips: ['172.19.0.9'] }],
    ['x.default.svc.cluster.local', { kind: 'cname', target: 'example.com' }],
    ['pending.default.svc.cluster.local', undefined],
    ['web.other.svc.cluster.local', undefined],
  ])('%s', (name, want) => {
    expect(lookupName(view, name, DOMAIN)).toEqual(want);
  });

  it('parses only <svc>.<ns>.svc.<domain>', () => {
    expect(parseServiceName('web.default.svc.cluster.local', DOMAIN)).toEqual({ name: 'web', namespace: 'default' });
    expect(parseServiceName('a.web.default.svc.cluster.local', DOMAIN)).toBeUndefined();
    expect(parseServiceName('default.svc.cluster.local', DOMAIN)).toBeUndefined();
  });
});
