import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../cache/pod-info.ts';
import type { NodeInfo } from '../cache/node-info.ts';
import * as R from '../refs.ts';
import { claimTemplate, coschedulingPodGroup, gpuClass, gpuSlice, makeNode, makePod } from '../testing/fixtures.ts';
import { Harness } from '../testing/harness.ts';
import { HINT_SIZE, SiblingHint, schedulingSignature } from './sibling-hint.ts';

const sig = (o: Parameters<typeof makePod>[1] = {}, name = 'p') => schedulingSignature(newPodInfo(makePod(name, o)));
const nodes = (n: number): NodeInfo[] => Array.from({ length: n }, (_, i) => ({ name: `n${i}` }) as NodeInfo);

describe('schedulingSignature', () => {
  it('is the same for members that differ only in name and labels, and differs when requests differ', () => {
    expect(sig({ cpu: '1', gpu: 1, labels: { idx: '0' } }, 'a')).toBe(sig({ cpu: '1', gpu: 1, labels: { idx: '1' } }, 'b'));
    expect(sig({ cpu: '1', gpu: 1 })).not.toBe(sig({ cpu: '1', gpu: 2 }));
    expect(sig({ cpu: '1', spec: { nodeSelector: { zone: 'a' } } })).not.toBe(sig({ cpu: '1', spec: { nodeSelector: { zone: 'b' } } }));
    expect(sig({ claims: [{ name: 'g', template: 'one' }] })).not.toBe(sig({ claims: [{ name: 'g', template: 'two' }] }));
  });

  it('is undefined for pods whose placement depends on other pods (affinity, spread)', () => {
    expect(sig({ spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: {} }] } })).toBeUndefined();
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { a: 'b' } } }] } };
    expect(sig({ spec: { affinity: anti } })).toBeUndefined();
  });
});

describe('SiblingHint', () => {
  it('hints only for the same signature, keeps the unexamined tail behind fresh results, resets on a full search', () => {
    const all = nodes(HINT_SIZE + 10);
    const h = new SiblingHint();
    expect(h.hintFor('s')).toBeUndefined();
    h.record('s', all, false, undefined);
    const hint = h.hintFor('s')!;
    expect(hint).toEqual(all.slice(0, HINT_SIZE));
    expect(h.hintFor('other')).toBeUndefined();
    expect(h.hintFor(undefined)).toBeUndefined();
    // The hinted search found only n1 and n0 feasible (n0 now worse): the tail follows.
    h.record('s', [all[1]!, all[0]!], true, hint);
    expect(h.hintFor('s')!.slice(0, 4).map((n) => n.name)).toEqual(['n1', 'n0', `n${HINT_SIZE}`, `n${HINT_SIZE + 1}`]);
    h.record('s', [all[5]!], false, undefined);
    expect(h.hintFor('s')!.map((n) => n.name)).toEqual(['n5']);
    h.record(undefined, undefined, false, undefined);
    expect(h.hintFor('s')).toBeUndefined();
  });
});

describe('gang cycle with sibling hints', () => {
  it('places a gang larger than the hint on one-GPU nodes: filled nodes drop out of the ranking, every node gets exactly one member', async () => {
    const h = new Harness();
    const n = HINT_SIZE + 8;
    for (let i = 0; i < n; i++) h.add(R.NODES, makeNode(`g-${i}`, { gpus: 1 }));
    h.add(R.COSCHEDULING_POD_GROUPS, coschedulingPodGroup('big', n));
    const names = Array.from({ length: n }, (_, i) => `big-${i}`);
    for (const name of names) h.add(R.PODS, makePod(name, { cpu: '1', gpu: 1, gang: { coscheduling: 'big' } }));
    await h.settle();
    const placed = names.map((x) => h.nodeOf(x));
    expect(placed.every(Boolean)).toBe(true);
    expect(new Set(placed).size).toBe(n);
  });

  it('never hands one DRA device out twice while siblings reuse the ranking', async () => {
    const h = new Harness();
    h.add(R.DEVICE_CLASSES, gpuClass());
    h.add(R.RESOURCE_CLAIM_TEMPLATES, claimTemplate('one-gpu', { ns: 'ml' }));
    for (let i = 0; i < 6; i++) {
      h.add(R.NODES, makeNode(`gpu-${i}`));
      h.add(R.RESOURCE_SLICES, gpuSlice(`gpu-${i}`, 4));
    }
    h.add(R.COSCHEDULING_POD_GROUPS, coschedulingPodGroup('t', 24, 'ml'));
    const names = Array.from({ length: 24 }, (_, i) => `t-${i}`);
    for (const name of names) h.add(R.PODS, makePod(name, { ns: 'ml', claims: [{ name: 'gpu', template: 'one-gpu' }], gang: { coscheduling: 't' } }));
    await h.settle();
    expect(names.filter((x) => h.nodeOf(x, 'ml')).length).toBe(24);
    const devices = names.map((x) => {
      const r = h.claim(`${x}-gpu`, 'ml')?.status?.allocation?.devices?.results?.[0];
      return `${r?.pool}/${r?.device}`;
    });
    expect(new Set(devices).size).toBe(24);
    // Each device sits on the node its pod was bound to.
    for (const x of names) expect(h.claim(`${x}-gpu`, 'ml')?.status?.allocation?.devices?.results?.[0]?.pool).toBe(h.nodeOf(x, 'ml'));
  });
});
