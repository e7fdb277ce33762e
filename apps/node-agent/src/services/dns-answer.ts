/**
 * The DNS decision for one query, as pure data: names under the cluster domain are answered
 * here (authoritative, short TTL so endpoint changes show quickly), everything else is
 * forwarded upstream, because the pod's resolver (Docker's embedded DNS) asks only us.
 * Wire format by dns-packet; the rcode lives in the low 4 bits of the flags.
 */
import { AUTHORITATIVE_ANSWER, RECURSION_AVAILABLE, RECURSION_DESIRED, type Answer, type DecodedPacket, type Packet } from 'dns-packet';
import type { NameRecord } from './dns-records.ts';

export const TTL_SECONDS = 5;
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3 } as const;

export type DnsDecision = { kind: 'answer'; response: Packet } | { kind: 'forward' };

export const normalizeName = (name: string): string => name.toLowerCase().replace(/\.$/, '');

export function inDomain(qname: string, domain: string): boolean {
  return qname === domain || qname.endsWith(`.${domain}`);
}

export function reply(query: DecodedPacket, rcode: number, answers: Answer[] = [], authorities: Answer[] = [], authoritative = true): Packet {
  return {
    type: 'response',
    id: query.id ?? 0,
    flags: ((query.flags ?? 0) & RECURSION_DESIRED) | RECURSION_AVAILABLE | (authoritative ? AUTHORITATIVE_ANSWER : 0) | rcode,
    questions: query.questions ?? [],
    answers,
    authorities,
  };
}

/** The SOA that negative answers carry, so resolvers cache "no such name" for a few seconds only. */
function soa(domain: string): Answer {
  return { type: 'SOA', name: domain, ttl: TTL_SECONDS, class: 'IN', data: { mname: `ns.dns.${domain}`, rname: `hostmaster.${domain}`, serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: TTL_SECONDS } };
}

export function decide(query: DecodedPacket, lookup: (qname: string) => NameRecord | undefined, domain: string): DnsDecision {
  const q = query.questions?.[0];
  if (!q || query.type === 'response') return { kind: 'answer', response: reply(query, RCODE.FORMERR, [], [], false) };
  const qname = normalizeName(q.name);
  if (!inDomain(qname, domain)) return { kind: 'forward' };
  const rec = lookup(qname);
  if (!rec) return { kind: 'answer', response: reply(query, RCODE.NXDOMAIN, [], [soa(domain)]) };
  if (rec.kind === 'cname') return { kind: 'answer', response: reply(query, RCODE.NOERROR, [{ type: 'CNAME', name: q.name, ttl: TTL_SECONDS, class: 'IN', data: rec.target }]) };
  const type: string = q.type; // 'ANY' decodes fine but is missing from the type's union
  if (type !== 'A' && type !== 'ANY') return { kind: 'answer', response: reply(query, RCODE.NOERROR, [], [soa(domain)]) }; // the name exists, no such record (NODATA)
  return { kind: 'answer', response: reply(query, RCODE.NOERROR, rec.ips.map((ip): Answer => ({ type: 'A', name: q.name, ttl: TTL_SECONDS, class: 'IN', data: ip }))) };
}
