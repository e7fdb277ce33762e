import { describe, expect, it } from 'vitest';
import { joinHostPort, parseAddresses, parsePorts, splitPort } from './port-forward-args.ts';

describe('port-forward port specs (kubectl parsePorts)', () => {
  it.each([
    [['8080'], [{ local: 8080, remote: 8080 }]],
    [['8080:80'], [{ local: 8080, remote: 80 }]],
    [[':80'], [{ local: 0, remote: 80 }]],
    [['0:80', '5000'], [{ local: 0, remote: 80 }, { local: 5000, remote: 5000 }]],
  ])('%j', (specs, want) => expect(parsePorts(specs)).toEqual(want));

  it.each([
    ['8080:0', 'error: remote port must be > 0'],
    ['0', 'error: remote port must be > 0'],
    ['8080:70000', `error: error parsing remote port '70000': strconv.ParseUint: parsing "70000": value out of range`],
    ['x:80', `error: error parsing local port 'x': strconv.ParseUint: parsing "x": invalid syntax`],
    ['99999:80', `error: error parsing local port '99999': strconv.ParseUint: parsing "99999": value out of range`],
    ['8080:', `error: error parsing remote port '': strconv.ParseUint: parsing "": invalid syntax`],
    ['1:2:3', "error: invalid port format '1:2:3'"],
  ])('%s is refused in kubectl\'s words', (spec, message) => expect(() => parsePorts([spec])).toThrow(message));

  it('splits as kubectl does before named ports are looked up', () => {
    expect(splitPort('8080:http')).toEqual(['8080', 'http']);
    expect(splitPort('http')).toEqual(['http', 'http']);
    expect(splitPort('a:b:c')).toEqual(['a', 'a']);
  });
});

describe('port-forward --address (kubectl parseAddresses)', () => {
  it('localhost is both loopbacks, where either may fail; explicit IPs must work; sorted and unique', () => {
    expect(parseAddresses(['localhost'])).toEqual([
      { address: '127.0.0.1', family: 4, failureMode: 'all' },
      { address: '::1', family: 6, failureMode: 'all' },
    ]);
    expect(parseAddresses(['10.0.0.2,localhost', '10.0.0.2']).map((a) => `${a.address}/${a.failureMode}`)).toEqual(['10.0.0.2/any', '127.0.0.1/all', '::1/all']);
    expect(() => parseAddresses(['foo'])).toThrow('error: foo is not a valid IP');
  });

  it('joins host and port as Go does', () => {
    expect(joinHostPort('127.0.0.1', 80)).toBe('127.0.0.1:80');
    expect(joinHostPort('::1', 80)).toBe('[::1]:80');
  });
});
