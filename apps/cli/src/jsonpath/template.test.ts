/** kubectl's documented JSONPath examples (reference/kubectl/jsonpath), on the docs' own input. */
import { describe, expect, it } from 'vitest';
import { JsonPathSyntaxError, JsonPathTemplate } from './template.ts';

const DOC = {
  kind: 'List',
  items: [
    {
      kind: 'None',
      metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } },
      status: { capacity: { cpu: '4' }, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }] },
    },
    {
      kind: 'None',
      metadata: { name: '127.0.0.2' },
      status: {
        capacity: { cpu: '8' },
        addresses: [
          { type: 'LegacyHostIP', address: '127.0.0.2' },
          { type: 'another', address: '127.0.0.3' },
        ],
      },
    },
  ],
  users: [
    { name: 'myself', user: {} },
    { name: 'e2e', user: { username: 'admin', password: 'secret' } },
  ],
};

const run = (t: string, data: unknown = DOC, o = {}) => new JsonPathTemplate(t, o).execute(data);

describe('kubectl JSONPath template, the documented examples', () => {
  it.each([
    ['{.kind}', 'List'],
    ["{['kind']}", 'List'],
    ['{$.kind}', 'List'],
    ['{..name}', '127.0.0.1 127.0.0.2 myself e2e'],
    ['{.items[*].metadata.name}', '127.0.0.1 127.0.0.2'],
    ['{.users[0].name}', 'myself'],
    ['{.items[-1:].metadata.name}', '127.0.0.2'],
    ['{.users[?(@.name=="e2e")].user.password}', 'secret'],
    ["{.items[*]['metadata.name', 'status.capacity']}", '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'],
    ['{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}', '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '],
    ["{range .items[*]}{.metadata.name}{'\\t'}{end}", '127.0.0.1\t127.0.0.2\t'],
    ['{.items[0].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'],
    ['{.items[*].status.addresses[?(@.type=="LegacyHostIP")].address}', '127.0.0.1 127.0.0.2'],
  ])('%s', (t, want) => {
    expect(run(t)).toBe(want);
  });
});

describe('template text, ranges and printing', () => {
  it('keeps text outside braces as is, and a quoted "\\n" is a newline', () => {
    expect(run('kind={.kind}{"\\n"}')).toBe('kind=List\n');
  });

  it('nests ranges, each over its own item', () => {
    const t = '{range .items[*]}{.metadata.name}:{range .status.addresses[*]}{.type},{end};{end}';
    expect(run(t)).toBe('127.0.0.1:LegacyHostIP,;127.0.0.2:LegacyHostIP,another,;');
  });

  it('prints maps and lists as compact JSON, numbers and booleans as Go does', () => {
    const data = { m: { b: 1, a: '<x>' }, l: [1, 'two'], n: 1.5, big: 2500000.5, t: true, z: null };
    expect(run('{.m} {.l} {.n} {.big} {.t} {.z}', data)).toBe('{"a":"\\u003cx\\u003e","b":1} [1,"two"] 1.5 2.5000005e+06 true <nil>');
  });

  it('missing keys print nothing by default, and fail when not allowed', () => {
    expect(run('[{.nope.deeper}]')).toBe('[]');
    expect(() => run('{.nope}', DOC, { allowMissingKeys: false })).toThrow('nope is not found');
  });

  it('filters: exists, numeric comparison, and the incompatible-types error', () => {
    const data = { xs: [{ n: 1 }, { n: 3, tag: 'a' }, { n: 5 }] };
    expect(run('{.xs[?(@.tag)].n}', data)).toBe('3');
    expect(run('{.xs[?(@.n>=3)].n}', data)).toBe('3 5');
    expect(() => run('{.xs[?(@.n=="1")].n}', data)).toThrow('incompatible types for comparison');
  });

  it('slices with steps and bounds errors', () => {
    const data = { xs: [0, 1, 2, 3, 4, 5] };
    expect(run('{.xs[1:5:2]}', data)).toBe('1 3');
    expect(run('{.xs[-2]}', data)).toBe('4');
    expect(() => run('{.xs[9]}', data)).toThrow('array index out of bounds: index 9, length 6');
    expect(() => run('{.xs[0]}', { xs: {} })).toThrow('map[string]interface {} is not array or slice');
  });

  it('reports client-go parse errors', () => {
    expect(() => new JsonPathTemplate('{.items[}')).toThrow(new JsonPathSyntaxError('unterminated array'));
    expect(() => new JsonPathTemplate('{.kind')).toThrow('unclosed action');
    expect(() => new JsonPathTemplate('{.a[?(@.x=="y"}')).toThrow('unterminated filter');
    expect(() => run('{end}')).toThrow('not in range, nothing to end');
    expect(() => run('{metadata.name}')).toThrow('unrecognized identifier metadata');
  });
});
