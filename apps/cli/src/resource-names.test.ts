import { describe, expect, it } from 'vitest';
import type { ApiResource } from './discovery.ts';
import { resolveResource, resourceForKind } from './resource-names.ts';

const r = (group: string, version: string, kind: string, plural: string, shortNames: string[] = [], preferred = true): ApiResource => ({
  group, version, kind, plural, singular: kind.toLowerCase(), namespaced: true, shortNames, verbs: [], categories: [], preferred,
});
const all = [
  r('', 'v1', 'Pod', 'pods', ['po']),
  r('', 'v1', 'Pod', 'pods/status'),
  r('apps', 'v1', 'Deployment', 'deployments', ['deploy']),
  r('scheduling.k8s.io', 'v1alpha2', 'PodGroup', 'podgroups'),
  r('scheduling.x-k8s.io', 'v1alpha1', 'PodGroup', 'podgroups', ['pg']),
  r('example.com', 'v2', 'Widget', 'widgets'),
  r('example.com', 'v1', 'Widget', 'widgets', [], false),
];

describe('resolveResource', () => {
  it.each([
    ['po', 'pods'], ['pods', 'pods'], ['pod', 'pods'], ['Pod', 'pods'],
    ['deploy', 'deployments'], ['deployments.apps', 'deployments'], ['deployments.v1.apps', 'deployments'],
  ])('%s → %s', (typed, plural) => {
    expect(resolveResource(all, typed).plural).toBe(plural);
  });

  it('qualifies by group, and prefers the first group otherwise', () => {
    expect(resolveResource(all, 'podgroups.scheduling.x-k8s.io').group).toBe('scheduling.x-k8s.io');
    expect(resolveResource(all, 'pg').group).toBe('scheduling.x-k8s.io');
    expect(resolveResource(all, 'podgroups').group).toBe('scheduling.k8s.io');
    expect(resolveResource(all, 'widgets.v1.example.com').version).toBe('v1');
    expect(resolveResource(all, 'widgets').version).toBe('v2');
  });

  it('rejects unknown names with kubectl wording', () => {
    expect(() => resolveResource(all, 'foos')).toThrow('error: the server doesn\'t have a resource type "foos"');
    expect(() => resolveResource(all, 'pods/status')).toThrow();
  });

  it('maps apiVersion + kind, any served version', () => {
    expect(resourceForKind(all, 'example.com/v1', 'Widget')?.version).toBe('v1');
    expect(resourceForKind(all, 'v1', 'Widget')).toBeUndefined();
  });
});
