import { describe, expect, it } from 'vitest';
import { cidrContains, formatCidr, ipToNumber, ipToString, parseCidr, splitCidr } from './cidr.ts';

describe('cidr', () => {
  it('parses to the network address and size, masking host bits', () => {
    expect(parseCidr('172.18.3.4/16')).toEqual({ base: ipToNumber('172.18.0.0'), size: 65536, prefix: 16 });
    expect(formatCidr(parseCidr('10.96.0.0/12'))).toBe('10.96.0.0/12');
  });
  it('rejects what is not an IPv4 CIDR, naming it', () => {
    for (const bad of ['10.0.0/8', '10.0.0.256/8', '10.0.0.0/31', 'a.b.c.d/8', '10.0.0.0/x', '10.0.0.0/-1']) expect(() => parseCidr(bad, 'pod range')).toThrow(`invalid pod range "${bad}"`);
  });
  it('splits a network in halves and tells membership', () => {
    const [low, high] = splitCidr(parseCidr('172.18.0.0/16'));
    expect(formatCidr(low)).toBe('172.18.0.0/17');
    expect(formatCidr(high)).toBe('172.18.128.0/17');
    expect(cidrContains(high, '172.18.200.1')).toBe(true);
    expect(cidrContains(high, '172.18.127.255')).toBe(false);
    expect(cidrContains(high, 'nonsense')).toBe(false);
    expect(ipToString(ipToNumber('192.168.16.255')!)).toBe('192.168.16.255');
  });
});
