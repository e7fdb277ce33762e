import { describe, it, expect } from 'vitest';
import { registry } from '../registry.ts';
import type { KubeObject } from '../meta.ts';
import type { StatusCause } from '../status.ts';

const msgs = (causes: StatusCause[]) => causes.map((x) => `${x.field}: ${x.message}`);
const podSpec = { containers: [{ name: 'c', image: 'nginx' }] };

function obj(kind: string, group: string, spec: Record<string, unknown>, uid = 'uid-1'): KubeObject {
  const t = registry.byKind(group, kind)!;
  const o = { apiVersion: `${group}/v1`, kind, metadata: { name: 'w', namespace: 'default', uid }, spec } as KubeObject;
  t.defaults(o);
  return o;
}
function expectCause(causes: StatusCause[], expected: string): void {
  const got = msgs(causes);
  expect(got.some((g) => g.startsWith(expected)), `${got.join('\n')}\n!= ${expected}`).toBe(true);
}

describe('deployment validation', () => {
  const t = registry.byKind('apps', 'Deployment')!;
  const base = () => ({ selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { ...podSpec } } });
  it('accepts a valid deployment', () => expect(t.validate(obj('Deployment', 'apps', base()))).toEqual([]));
  it.each<[string, (s: any) => void, string]>([
    ['selector required', (s) => delete s.selector, 'spec.selector: Required value'],
    ['empty selector', (s) => (s.selector = {}), 'spec.selector: Invalid value: {}: empty selector is invalid for deployment'],
    ['selector mismatch', (s) => (s.selector.matchLabels.app = 'b'), 'spec.template.metadata.labels: Invalid value: {"app":"a"}: `selector` does not match template `labels`'],
    ['restartPolicy Never', (s) => (s.template.spec.restartPolicy = 'Never'), 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ['negative replicas', (s) => (s.replicas = -1), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ['both zero', (s) => (s.strategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }), 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'],
    ['bad percent', (s) => (s.strategy = { rollingUpdate: { maxSurge: '150%' } }), 'spec.strategy.rollingUpdate.maxSurge: Invalid value: "150%": must not be greater than 100%'],
    ['recreate + rollingUpdate', (s) => (s.strategy = { type: 'Recreate', rollingUpdate: {} }), "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ['deadline ≤ minReady', (s) => Object.assign(s, { minReadySeconds: 10, progressDeadlineSeconds: 10 }), 'spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds'],
    ['template containers', (s) => (s.template.spec.containers = []), 'spec.template.spec.containers: Required value'],
  ])('%s', (_n, mut, expected) => {
    const s = base();
    mut(s);
    expectCause(t.validate(obj('Deployment', 'apps', s)), expected);
  });
  it('selector is immutable', () => {
    const old = obj('Deployment', 'apps', base());
    const s = base();
    s.selector.matchLabels = { app: 'a', tier: 'x' } as never;
    (s.template.metadata.labels as Record<string, string>)['tier'] = 'x';
    expectCause(t.validate(obj('Deployment', 'apps', s), old), 'spec.selector: Invalid value: {"matchLabels":{"app":"a","tier":"x"}}: field is immutable');
  });
});

describe('replicaset validation', () => {
  const t = registry.byKind('apps', 'ReplicaSet')!;
  it('requires a matching selector', () => {
    expectCause(t.validate(obj('ReplicaSet', 'apps', { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'c' } }, spec: podSpec } })), 'spec.template.metadata.labels: Invalid value');
  });
});

describe('job validation', () => {
  const t = registry.byKind('batch', 'Job')!;
  const base = () => ({ template: { spec: { ...podSpec, restartPolicy: 'Never' } } }) as any;
  it('accepts a valid job (generated selector)', () => expect(t.validate(obj('Job', 'batch', base()))).toEqual([]));
  it.each<[string, (s: any) => void, string]>([
    ['restartPolicy missing', (s) => delete s.template.spec.restartPolicy, 'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ['restartPolicy Always', (s) => (s.template.spec.restartPolicy = 'Always'), 'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"'],
    ['negative parallelism', (s) => (s.parallelism = -1), 'spec.parallelism: Invalid value: -1: must be greater than or equal to 0'],
    ['Indexed without completions', (s) => Object.assign(s, { completionMode: 'Indexed', parallelism: 2 }), 'spec.completions: Required value: when completion mode is Indexed'],
    ['manual selector required', (s) => (s.manualSelector = true), 'spec.selector: Required value'],
    ['podFailurePolicy needs Never', (s) => Object.assign(s, { podFailurePolicy: { rules: [] } }, (s.template.spec.restartPolicy = 'OnFailure')), 'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified'],
  ])('%s', (_n, mut, expected) => {
    const s = base();
    mut(s);
    expectCause(t.validate(obj('Job', 'batch', s)), expected);
  });
  it.each<[string, (s: any) => void, string]>([
    ['completions', (s) => (s.completions = 3), 'spec.completions: Invalid value: 3: field is immutable'],
    ['completionMode', (s) => (s.completionMode = 'Indexed'), 'spec.completionMode: Invalid value: "Indexed": field is immutable'],
    ['template', (s) => (s.template.spec.containers[0].image = 'x'), 'spec.template: Invalid value'],
  ])('%s is immutable', (_n, mut, expected) => {
    const old = obj('Job', 'batch', base());
    const next = structuredClone(old);
    mut(next.spec);
    expectCause(t.validate(next, old), expected);
  });
  it('a suspended, never-started job may change its template', () => {
    const old = obj('Job', 'batch', { ...base(), suspend: true });
    const next = structuredClone(old);
    (next.spec as any).template.spec.containers[0].image = 'other';
    expect(t.validate(next, old)).toEqual([]);
  });
});
