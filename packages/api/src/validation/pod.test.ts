import { describe, it, expect } from 'vitest';
import { registry } from '../registry.ts';
import type { KubeObject } from '../meta.ts';
import type { StatusCause } from '../status.ts';

const podType = registry.byKind('', 'Pod')!;

function pod(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  const o = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', ...meta }, spec } as KubeObject;
  podType.defaults(o);
  return o;
}
const c = (extra: Record<string, unknown> = {}) => ({ name: 'c', image: 'nginx', ...extra });
const fields = (causes: StatusCause[]) => causes.map((x) => `${x.field}: ${x.message}`);

describe('pod validation', () => {
  it('accepts a minimal pod', () => expect(podType.validate(pod({ containers: [c()] }))).toEqual([]));

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    ['no containers', { containers: [] }, {}, 'spec.containers: Required value'],
    ['missing image', { containers: [{ name: 'c' }] }, {}, 'spec.containers[0].image: Required value'],
    ['bad container name', { containers: [c({ name: 'C_1' })] }, {}, 'spec.containers[0].name: Invalid value: "C_1": a lowercase RFC 1123 label'],
    ['duplicate container name', { containers: [c(), c()] }, {}, 'spec.containers[1].name: Duplicate value: "c"'],
    ['init/app name clash', { initContainers: [c()], containers: [c()] }, {}, 'spec.containers[0].name: Duplicate value: "c"'],
    ['port out of range', { containers: [c({ ports: [{ containerPort: 70000 }] })] }, {}, 'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ['requests above limits', { containers: [c({ resources: { limits: { cpu: '1' }, requests: { cpu: '2' } } })] }, {}, 'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    ['bad quantity', { containers: [c({ resources: { requests: { memory: '1GG' } } })] }, {}, 'spec.containers[0].resources.requests[memory]: Invalid value: "1GG": unable to parse quantity\'s suffix'],
    ['mount of unknown volume', { containers: [c({ volumeMounts: [{ name: 'data', mountPath: '/d' }] })] }, {}, 'spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    ['duplicate volume', { volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }], containers: [c()] }, {}, 'spec.volumes[1].name: Duplicate value: "v"'],
    ['two volume sources', { volumes: [{ name: 'v', emptyDir: {}, hostPath: { path: '/x' } }], containers: [c()] }, {}, 'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type'],
    ['probe without handler', { containers: [c({ readinessProbe: { periodSeconds: 5 } })] }, {}, 'spec.containers[0].readinessProbe: Required value: must specify a handler type'],
    ['liveness successThreshold', { containers: [c({ livenessProbe: { exec: { command: ['true'] }, successThreshold: 2 } })] }, {}, 'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
    ['negative probe period', { containers: [c({ readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: -1 } })] }, {}, 'spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0'],
    ['claim without source', { resourceClaims: [{ name: 'gpu' }], containers: [c()] }, {}, 'spec.resourceClaims[0]: Invalid value: {"name":"gpu"}: must specify one of: `resourceClaimName`, `resourceClaimTemplateName`'],
    ['claim with two sources', { resourceClaims: [{ name: 'gpu', resourceClaimName: 'a', resourceClaimTemplateName: 'b' }], containers: [c()] }, {}, 'spec.resourceClaims[0]: Invalid value:'],
    ['duplicate claim', { resourceClaims: [{ name: 'g', resourceClaimName: 'a' }, { name: 'g', resourceClaimName: 'b' }], containers: [c()] }, {}, 'spec.resourceClaims[1].name: Duplicate value: "g"'],
    ['container claim not in pod', { containers: [c({ resources: { claims: [{ name: 'gpu' }] } })] }, {}, 'spec.containers[0].resources.claims[0]: Unsupported value: "gpu"'],
    ['name required', { containers: [c()] }, { name: undefined }, 'metadata.name: Required value: name or generateName is required'],
    ['bad name', { containers: [c()] }, { name: 'Bad_Name' }, 'metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain'],
    ['namespace required', { containers: [c()] }, { namespace: undefined }, 'metadata.namespace: Required value'],
    ['bad label', { containers: [c()] }, { labels: { 'a b': 'x' } }, 'metadata.labels: Invalid value: "a b"'],
    ['annotations too large', { containers: [c()] }, { annotations: { big: 'x'.repeat(256 * 1024) } }, 'metadata.annotations: Too long: may not be more than 262144 bytes'],
    ['toleration seconds without NoExecute', { containers: [c()], tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }] }, {}, "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"],
  ])('%s', (_name, spec, meta, expected) => {
    const got = fields(podType.validate(pod(spec, meta)));
    expect(got.some((g) => g.startsWith(expected)), `${got.join('\n')}\n!= ${expected}`).toBe(true);
  });

  it('generateName is enough', () => expect(podType.validate(pod({ containers: [c()] }, { name: undefined, generateName: 'p-' }))).toEqual([]));
  it('references to declared claims are fine', () => {
    expect(podType.validate(pod({ resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 't' }], containers: [c({ resources: { claims: [{ name: 'gpu' }] } })] }))).toEqual([]);
  });
});

describe('pod update', () => {
  const old = pod({ containers: [c()], schedulingGates: [{ name: 'g1' }, { name: 'g2' }] });
  const update = (mut: (s: any) => void) => {
    const next = structuredClone(old);
    mut(next.spec);
    return fields(podType.validate(next, old));
  };
  it.each<[string, (s: any) => void]>([
    ['image change', (s) => (s.containers[0].image = 'nginx:2')],
    ['activeDeadlineSeconds', (s) => (s.activeDeadlineSeconds = 30)],
    ['toleration added', (s) => s.tolerations.push({ key: 'x', operator: 'Exists' })],
    ['gate removed', (s) => s.schedulingGates.splice(0, 1)],
  ])('allows %s', (_n, mut) => expect(update(mut)).toEqual([]));

  it.each<[string, (s: any) => void, string]>([
    ['restartPolicy change', (s) => (s.restartPolicy = 'Never'), 'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`'],
    ['new container', (s) => s.containers.push({ ...c(), name: 'd' }), 'spec: Forbidden: pod updates may not change fields'],
    ['gate added', (s) => s.schedulingGates.push({ name: 'g3' }), 'spec.schedulingGates: Forbidden: only deletion is allowed'],
    ['toleration changed', (s) => (s.tolerations[0].tolerationSeconds = 1), 'spec.tolerations: Forbidden'],
  ])('forbids %s', (_n, mut, expected) => {
    const got = update(mut);
    expect(got.some((g) => g.startsWith(expected)), got.join('\n')).toBe(true);
    expect(got.find((g) => g.startsWith('spec'))).toBeDefined();
  });

  it('reports FieldValueForbidden on spec', () => {
    const next = structuredClone(old);
    (next.spec as any).hostname = 'h';
    expect(podType.validate(next, old)).toContainEqual(expect.objectContaining({ reason: 'FieldValueForbidden', field: 'spec' }));
  });
});
