import { describe, expect, it } from 'vitest';
import {
  formatLabels,
  formatLabelSelector,
  labelSelectorFromSpec,
  labelSelectorToString,
  matchesLabels,
  parseLabelSelector,
  validateAnnotations,
  validateLabels,
} from './labels.ts';
import { isQualifiedName } from './names.ts';
import { StatusError } from './status.ts';

const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function parseError(s: string): string {
  try {
    parseLabelSelector(s);
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError);
    expect((e as StatusError).code).toBe(400);
    expect((e as StatusError).reason).toBe('BadRequest');
    return (e as Error).message;
  }
  throw new Error(`expected ${s} to fail`);
}

describe('parseLabelSelector', () => {
  it.each([
    ['', ''],
    ['x=a', 'x=a'],
    ['x==a', 'x==a'],
    ['x!=a', 'x!=a'],
    ['  x = a , y  ', 'x=a,y'],
    ['b=1,a=2', 'a=2,b=1'],
    ['x in (b,a)', 'x in (a,b)'],
    ['x notin (a)', 'x notin (a)'],
    ['app in (demo),tier!=db', 'app in (demo),tier!=db'],
    ['x', 'x'],
    ['!x', '!x'],
    ['x=', 'x='],
    ['x in ()', 'x in ()'],
    ['x in (a,)', 'x in (,a)'],
    ['x>1', 'x>1'],
    ['x<1', 'x<1'],
    ['example.com/role in (in,notin)', 'example.com/role in (in,notin)'],
  ])('%j → %j', (input, printed) => {
    expect(labelSelectorToString(parseLabelSelector(input))).toBe(printed);
  });

  it.each([
    ['x IN (a)', "unable to parse requirement: found 'IN', expected: in, notin, =, ==, !=, gt, lt"],
    ['x=a,', "found '', expected: identifier after ','"],
    ['x=a y', "found 'y', expected: ',' or 'end of string'"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['a:', `unable to parse requirement: <nil>: Invalid value: "a:": ${NAME_PART}`],
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    [
      'x=a@b',
      `unable to parse requirement: values[0][x]: Invalid value: "a@b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
    ['x>a', "unable to parse requirement: values: Invalid value: []string{\"a\"}: for 'Gt', 'Lt' operators, the value must be an integer"],
  ])('%j fails', (input, msg) => {
    expect(parseError(input)).toBe(msg);
  });
});

describe('matchesLabels', () => {
  const l = { app: 'demo', tier: 'web', n: '5' };
  it.each([
    ['', true],
    ['app=demo', true],
    ['app==demo', true],
    ['app=other', false],
    ['tier!=db', true],
    ['missing!=x', true],
    ['app in (demo,x)', true],
    ['app notin (demo)', false],
    ['missing notin (a)', true],
    ['missing in (a)', false],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['n>4', true],
    ['n<5', false],
    ['app=demo,tier=db', false],
  ])('%j → %s', (s, want) => {
    expect(matchesLabels(parseLabelSelector(s), l)).toBe(want);
  });
});

describe('structured selectors', () => {
  it('null matches nothing, empty matches everything', () => {
    expect(matchesLabels(labelSelectorFromSpec(null), {})).toBe(false);
    expect(matchesLabels(labelSelectorFromSpec(undefined), { a: 'b' })).toBe(false);
    expect(matchesLabels(labelSelectorFromSpec({}), { a: 'b' })).toBe(true);
    expect(matchesLabels(labelSelectorFromSpec({ matchLabels: {}, matchExpressions: [] }), {})).toBe(true);
  });

  it('converts and matches', () => {
    const sel = labelSelectorFromSpec({
      matchLabels: { app: 'demo' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists' },
      ],
    });
    expect(labelSelectorToString(sel)).toBe('app=demo,!canary,env in (dev,prod),zone');
    expect(matchesLabels(sel, { app: 'demo', env: 'dev', zone: 'a' })).toBe(true);
    expect(matchesLabels(sel, { app: 'demo', env: 'dev', zone: 'a', canary: '1' })).toBe(false);
  });

  it('bad operator', () => {
    expect(() => labelSelectorFromSpec({ matchExpressions: [{ key: 'a', operator: 'Foo' }] })).toThrow(
      '"Foo" is not a valid label selector operator',
    );
  });

  it.each([
    [null, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { b: '2', a: '1' } }, 'a=1,b=2'],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x', 'y'] }] }, 'a notin (x,y)'],
    [{ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, '<error>'],
  ])('formatLabelSelector(%j) = %s', (spec, want) => {
    expect(formatLabelSelector(spec)).toBe(want);
  });

  it('formatLabels', () => {
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels(undefined)).toBe('<none>');
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
  });
});

describe('label and annotation validation', () => {
  it('qualified names', () => {
    expect(isQualifiedName('example.com/my-name')).toEqual([]);
    expect(isQualifiedName('/a')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/')).toEqual(['name part must be non-empty', NAME_PART]);
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/);
    expect(isQualifiedName('x'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(isQualifiedName('Bad_/x')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
  });

  it('validateLabels', () => {
    expect(validateLabels({ app: 'demo', 'a.b/c': '' }, 'metadata.labels')).toEqual([]);
    const causes = validateLabels({ 'bad key': 'v', ok: 'bad value' }, 'metadata.labels');
    expect(causes.map((c) => c.field)).toEqual(['metadata.labels', 'metadata.labels']);
    expect(causes[0]?.message).toBe(`Invalid value: "bad key": ${NAME_PART}`);
    expect(causes[1]?.message).toMatch(/^Invalid value: "bad value": a valid label must be an empty string/);
    expect(validateLabels({ k: 'v'.repeat(64) }, 'f')[0]?.message).toBe(`Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`);
  });

  it('validateAnnotations', () => {
    expect(validateAnnotations({ 'Example.COM/Key': 'anything goes' }, 'metadata.annotations')).toEqual([]);
    expect(validateAnnotations({ big: 'x'.repeat(256 * 1024) }, 'metadata.annotations')).toEqual([
      { reason: 'FieldValueTooLong', field: 'metadata.annotations', message: 'Too long: may not be more than 262144 bytes' },
    ]);
    expect(validateAnnotations({ 'a b': '' }, 'metadata.annotations')).toHaveLength(1);
  });
});
