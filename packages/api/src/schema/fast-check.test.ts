import { describe, expect, it } from 'vitest';
import { registry } from '../registry.ts';
import { isCleanObject } from './fast-check.ts';
import { schemaCauses } from '../validation/schema-types.ts';
import { unknownFields } from './prune.ts';
import { walkNormalize } from './normalize.ts';

const pods = registry.byPlural('', 'v1', 'pods')!;
const pod = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { a: 'b' }, ...meta },
  spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: '1' } }, ports: [{ containerPort: 80, protocol: 'TCP' }] }], ...spec },
});

describe('isCleanObject (the fast path must never accept what a walker would change or reject)', () => {
  it('accepts a clean pod', () => {
    expect(isCleanObject(pods.schema, pod({}))).toBe(true);
  });
  it.each([
    ['an unknown field', pod({ bogus: 1 })],
    ['a null optional field', pod({ nodeName: null })],
    ['a numeric quantity', pod({ containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: 1 } } }] })],
    ['a value outside an enum', pod({ restartPolicy: 'Sometimes' })],
    ['a wrong type', pod({ containers: 'x' })],
    ['a missing required field', pod({ containers: [{ image: 'i' }] })],
    ['an unknown metadata field', pod({}, { bogus: true })],
  ])('rejects %s', (_what, obj) => {
    expect(isCleanObject(pods.schema, obj)).toBe(false);
  });
  it('agrees with the walkers on many perturbed pods: clean means no cause, no unknown field, nothing to normalise', () => {
    const variants: unknown[] = [];
    const base = pod({});
    const edits: [string, unknown][] = [
      ['restartPolicy', 'Never'], ['restartPolicy', 'Bogus'], ['nodeName', null], ['nodeName', 7], ['priority', 1.5], ['priority', 3],
      ['hostNetwork', 'yes'], ['tolerations', [{ key: 'k', operator: 'Exists' }]], ['tolerations', [null]], ['extra', {}],
      ['containers', [{ name: 'c', image: 'i', resources: { requests: { memory: 5 } } }]], ['containers', [{ name: 'c', image: 'i', ports: [{ containerPort: '80' }] }]],
      ['containers', [{ name: 'c', image: 'i', livenessProbe: { httpGet: { port: 'http', path: '/' } } }]], ['containers', [{ name: 'c', image: 'i', livenessProbe: { httpGet: { port: 8080.5 } } }]],
    ];
    for (const [k, v] of edits) variants.push({ ...base, spec: { ...base.spec, [k]: v } });
    for (const v of variants) {
      const clean = isCleanObject(pods.schema, v);
      const copy = structuredClone(v);
      const walkersFound = schemaCauses(pods.schema, v).length > 0 || unknownFields(pods.schema, copy, { remove: false }).length > 0;
      if (clean) {
        expect(walkersFound, JSON.stringify(v)).toBe(false);
        const normalised = structuredClone(v);
        walkNormalize(pods.schema, normalised);
        expect(normalised).toEqual(v);
      }
    }
    expect(variants.filter((v) => isCleanObject(pods.schema, v)).length).toBeGreaterThan(2);
  });
});
