import { describe, expect, it } from 'vitest';
import { encodeQuery, joinUrl, resourcePath } from './paths.ts';

const pods = { group: '', version: 'v1', plural: 'pods', namespaced: true };
const deployments = { group: 'apps', version: 'v1', plural: 'deployments', namespaced: true };
const nodes = { group: '', version: 'v1', plural: 'nodes', namespaced: false };

describe('resourcePath', () => {
  it.each([
    [pods, {}, '/api/v1/pods'],
    [pods, { namespace: 'default' }, '/api/v1/namespaces/default/pods'],
    [pods, { namespace: 'default', name: 'web-1' }, '/api/v1/namespaces/default/pods/web-1'],
    [pods, { namespace: 'd', name: 'p', subresource: 'binding' }, '/api/v1/namespaces/d/pods/p/binding'],
    [deployments, { namespace: 'd', name: 'x', subresource: 'scale' }, '/apis/apps/v1/namespaces/d/deployments/x/scale'],
    [nodes, { name: 'n1' }, '/api/v1/nodes/n1'],
    [nodes, { namespace: 'ignored', name: 'n1' }, '/api/v1/nodes/n1'],
    [pods, { namespace: 'a b', name: 'x/y?z#' }, '/api/v1/namespaces/a%20b/pods/x%2Fy%3Fz%23'],
  ])('%o %o → %s', (ref, target, want) => {
    expect(resourcePath(ref, target)).toBe(want);
  });

  it('rejects a namespaced name without a namespace, empty names and dot segments', () => {
    expect(() => resourcePath(pods, { name: 'x' })).toThrow(/namespace is required/);
    expect(() => resourcePath(nodes, { name: '' })).toThrow(/empty/);
    expect(() => resourcePath(nodes, { name: '..' })).toThrow(/not a valid/);
  });
});

describe('encodeQuery', () => {
  it('encodes selectors the way kubectl does', () => {
    expect(encodeQuery({ labelSelector: 'app in (demo),tier!=db', limit: 500 })).toBe(
      '?labelSelector=app+in+%28demo%29%2Ctier%21%3Ddb&limit=500',
    );
  });
  it('drops undefined, repeats arrays, empty → ""', () => {
    expect(encodeQuery({ a: undefined, b: null })).toBe('');
    expect(encodeQuery({ command: ['echo', 'hi there'], x: false })).toBe('?command=echo&command=hi+there&x=false');
  });
});

it('joinUrl keeps a path prefix and drops duplicate slashes', () => {
  expect(joinUrl('https://h:6443/prefix/', '/api/v1/pods')).toBe('https://h:6443/prefix/api/v1/pods');
});
