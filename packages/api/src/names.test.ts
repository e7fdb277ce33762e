import { describe, expect, it } from 'vitest';
import {
  generateName,
  isDNS1123Label,
  NAME_SUFFIX_ALPHABET,
  randomSuffix,
  regexError,
  validateDNS1035Label,
  validateDNS1123Label,
  validateDNS1123Subdomain,
} from './names.ts';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

describe('names', () => {
  it('regexError matches Go spacing', () => {
    expect(regexError('m', 'f', 'a', 'b')).toBe("m (e.g. 'a',  or 'b', regex used for validation is 'f')");
    expect(regexError('m', 'f')).toBe("m (regex used for validation is 'f')");
  });

  it.each([
    ['web-1', []],
    ['a.b.c', []],
    ['Web', [SUBDOMAIN_MSG]],
    ['-a', [SUBDOMAIN_MSG]],
    ['a_b', [SUBDOMAIN_MSG]],
    ['a'.repeat(254), ['must be no more than 253 characters']],
  ])('subdomain %s', (v, msgs) => {
    expect(validateDNS1123Subdomain(v, 'metadata.name').map((c) => c.message)).toEqual(
      msgs.map((m) => `Invalid value: ${JSON.stringify(v)}: ${m}`),
    );
  });

  it('subdomain cause shape', () => {
    expect(validateDNS1123Subdomain('Bad', 'metadata.name')).toEqual([
      { reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "Bad": ${SUBDOMAIN_MSG}` },
    ]);
  });

  it.each([
    ['kube-system', []],
    ['a.b', ['must not contain dots']],
    ['A', [LABEL_MSG]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ])('label %s', (v, msgs) => {
    expect(isDNS1123Label(v)).toEqual(msgs);
    expect(validateDNS1123Label(v, 'f')).toHaveLength(msgs.length);
  });

  it.each([
    ['svc', 0],
    ['1svc', 1],
    ['svc-', 1],
  ])('dns1035 %s', (v, n) => {
    const causes = validateDNS1035Label(v, 'metadata.name');
    expect(causes).toHaveLength(n);
    if (n) expect(causes[0]?.message).toBe(`Invalid value: "${v}": ${DNS1035_MSG}`);
  });

  it('random suffix uses upstream alphabet', () => {
    const s = randomSuffix();
    expect(s).toMatch(new RegExp(`^[${NAME_SUFFIX_ALPHABET}]{5}$`));
    expect(randomSuffix(3, () => 0)).toBe('bbb');
    expect(randomSuffix(2, () => 0.9999)).toBe('99');
  });

  it('generateName truncates the prefix to keep 63', () => {
    expect(generateName('web-', () => 0)).toBe('web-bbbbb');
    const long = generateName('x'.repeat(100));
    expect(long).toHaveLength(63);
    expect(long.startsWith('x'.repeat(58))).toBe(true);
  });
});
