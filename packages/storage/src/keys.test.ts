import { describe, expect, it } from 'vitest';
import { objectKey, prefixKey } from './keys.ts';

const pods = { group: '', plural: 'pods', namespaced: true };
const nodes = { group: '', plural: 'nodes', namespaced: false };
const deployments = { group: 'apps', plural: 'deployments', namespaced: true };

describe('keys', () => {
  it.each([
    [pods, 'default', 'web-1', '/core/pods/default/web-1'],
    [nodes, undefined, 'n1', '/core/nodes/n1'],
    [nodes, 'ignored', 'n1', '/core/nodes/n1'],
    [deployments, 'kube-system', 'dns', '/apps/deployments/kube-system/dns'],
  ])('objectKey(%o, %s, %s) = %s', (type, ns, name, want) => {
    expect(objectKey(type, ns, name)).toBe(want);
  });

  it.each([
    [pods, 'default', '/core/pods/default/'],
    [pods, undefined, '/core/pods/'],
    [pods, '', '/core/pods/'],
    [nodes, 'default', '/core/nodes/'],
    [deployments, 'a', '/apps/deployments/a/'],
  ])('prefixKey(%o, %s) = %s', (type, ns, want) => {
    expect(prefixKey(type, ns)).toBe(want);
  });

  it('namespace prefixes never match a longer namespace', () => {
    expect(objectKey(pods, 'default2', 'x').startsWith(prefixKey(pods, 'default'))).toBe(false);
  });
});
