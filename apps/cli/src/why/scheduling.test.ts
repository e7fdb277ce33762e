/** The scheduler's DRA and gang wordings (scheduler dra/allocate.ts, gang/schedule-gang.ts) mapped to causes. */
import { describe, expect, it } from 'vitest';
import type { WhyFacts } from './facts.ts';
import { gangMessageVerdict } from './gang.ts';
import { schedulingVerdict } from './scheduling.ts';

const node = (name: string, gpus: number, ready = true) => ({ metadata: { name, labels: {} }, status: { capacity: { 'nvidia.com/gpu': String(gpus) }, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });
const facts = (over: Partial<WhyFacts> = {}): WhyFacts => ({ nodes: [node('a', 2), node('b', 2)], slices: [], claims: [], pods: [], deviceClasses: new Set(['gpu.nvidia.com']), events: async () => [], ...over });
const gpuPod = (n: number) => ({ metadata: { name: 'p', namespace: 'default', labels: { 'scheduling.x-k8s.io/pod-group': 'g' } }, spec: { containers: [{ name: 'main', resources: { limits: { 'nvidia.com/gpu': String(n) } } }] } });
const claimPod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'main' }], resourceClaims: [{ name: 'gpu', resourceClaimName: 'c' }] } };
const claim = { metadata: { name: 'c', namespace: 'default' }, spec: { devices: { requests: [{ name: 'gpus', exactly: { deviceClassName: 'gpu.nvidia.com', count: 4 } }] } } };

describe('schedulingVerdict', () => {
  it('DRA count larger than the matching devices on any node: never fits', () => {
    const v = schedulingVerdict(claimPod, facts({ claims: [claim] }), '0/2 nodes are available: 2 claim default/c: 2/2 devices match request gpus (need 4).');
    expect(v.kind).toBe('NeverFits');
    expect(v.headline).toBe('request "gpus" needs 4 device(s) on one node, but no node has more than 2 that match.');
  });

  it('a broken CEL selector is named with the compiler error', () => {
    const v = schedulingVerdict(claimPod, facts({ claims: [claim] }), 'claim default/c, request gpus: selector device.driver ===: compilation failed: Syntax error');
    expect(v).toMatchObject({ kind: 'NeverFits', headline: 'the selector of request "gpus" cannot be evaluated: compilation failed: Syntax error', details: ['selector: device.driver ===', expect.any(String)] });
  });

  it('no scheduling attempt yet: waiting for the scheduler', () => {
    expect(schedulingVerdict({ metadata: { name: 'x' }, spec: { containers: [] } }, facts(), undefined)).toMatchObject({ kind: 'Starting', headline: 'waiting for the scheduler (no scheduling attempt recorded yet).' });
  });

  it('a GPU pod blocked by something else (GPUs free): the other cause, not "GPUs busy"', () => {
    const pod = { ...gpuPod(1), metadata: { name: 'p', namespace: 'default' } };
    const v = schedulingVerdict(pod, facts(), '0/2 nodes are available: 2 Insufficient memory.');
    expect(v).toMatchObject({ kind: 'NoCapacityNow', headline: 'no node has enough free cpu/memory for its requests right now.' });
  });

  it('GPUs all taken, one by a bound classic pod whose pick is not recorded yet: busy', () => {
    const pod = { ...gpuPod(2), metadata: { name: 'p', namespace: 'default' } };
    const other = { metadata: { name: 'o', namespace: 'default' }, spec: { nodeName: 'a', containers: [{ name: 'main', resources: { limits: { 'nvidia.com/gpu': '1' } } }] }, status: { phase: 'Pending' } };
    const v = schedulingVerdict(pod, facts({ nodes: [node('a', 2)], pods: [other] }), '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.');
    expect(v.kind).toBe('NoCapacityNow');
  });

  it('no nodes at all', () => {
    expect(schedulingVerdict({ metadata: { name: 'x' }, spec: { containers: [] } }, facts({ nodes: [] }), '0/0 nodes are available: no nodes registered.').kind).toBe('NodeNotReady');
  });
});

describe('gangMessageVerdict', () => {
  it('members exist but not all can be placed: the member\'s own reason, under the gang headline', () => {
    const v = gangMessageVerdict('gang default/g: 2 of 3 members can be placed (need 3); p: 0/2 nodes are available: 2 Insufficient nvidia.com/gpu.', gpuPod(3), facts())!;
    expect(v.kind).toBe('NeverFits');
    expect(v.headline).toBe('gang default/g cannot start: only 2 of its 3 members can be placed at once and it needs 3 (member p: it asks for 3 nvidia.com/gpu, but no node has that many (the largest has 2).)');
  });

  it('not a gang message: undefined (the plain scheduling verdict applies)', () => {
    expect(gangMessageVerdict('0/2 nodes are available: 2 Insufficient cpu.', gpuPod(1), facts())).toBeUndefined();
  });
});
