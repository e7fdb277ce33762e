import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../cache/pod-info.ts';
import type { NodeInfo } from '../cache/node-info.ts';
import * as R from '../refs.ts';
import { claimTemplate, coschedulingPodGroup, gpuClass, gpuSlice, makeNode, makePod } from '../testing/fixtures.ts';
import { Harness } from '../testing/harness.ts';
import { SchedulerCache } from '../cache/cache.ts';
import { HINT_SIZE, HINT_TAIL, MAX_CHANGED, RankingReuse, schedulingSignature } from './ranking.ts';

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

  it('counts labels only while some pod carries affinity terms', () => {
    const cache = new SchedulerCache();
    const a = newPodInfo(makePod('a', { cpu: '1', labels: { idx: '0' } }));
    const b = newPodInfo(makePod('b', { cpu: '1', labels: { idx: '1' } }));
    expect(schedulingSignature(a, cache)).toBe(schedulingSignature(b, cache));
    cache.addOrUpdateNode(makeNode('n1'));
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { idx: '1' } } }] } };
    cache.addPod(newPodInfo(makePod('guard', { spec: { affinity: anti } })), 'n1');
    expect(schedulingSignature(a, cache)).not.toBe(schedulingSignature(b, cache));
  });

  it('is undefined for a pod with a nominated node (it tries that node first)', () => {
    const p = makePod('p', { cpu: '1' });
    p.status = { ...p.status, nominatedNodeName: 'n1' };
    expect(schedulingSignature(newPodInfo(p))).toBeUndefined();
  });
});

describe('RankingReuse', () => {
  const setup = (n: number) => {
    const cache = new SchedulerCache();
    const nodes = Array.from({ length: n }, (_, i) => cache.addOrUpdateNode(makeNode(`n${i}`)));
    return { cache, nodes, r: new RankingReuse() };
  };
  const names = (ns: NodeInfo[] | undefined) => ns?.map((n) => n.name);

  it('hints only for the same signature and epoch: the best examined nodes, then a few not yet re-examined', () => {
    const { cache, nodes, r } = setup(HINT_SIZE + HINT_TAIL + 10);
    expect(r.hintFor('s', cache)).toBeUndefined();
    r.record('s', nodes, false, undefined, cache);
    expect(names(r.hintFor('s', cache))).toEqual(names(nodes.slice(0, HINT_SIZE + HINT_TAIL)));
    expect(r.hintFor('other', cache)).toBeUndefined();
    expect(r.hintFor(undefined, cache)).toBeUndefined();
    cache.epoch++;
    expect(r.hintFor('s', cache)).toBeUndefined();
  });

  it('adds the nodes that changed since (the one just assumed on, any event), once, and drops them from the old order', () => {
    const { cache, nodes, r } = setup(HINT_SIZE + HINT_TAIL + 10);
    r.record('s', nodes, false, undefined, cache);
    const far = nodes[nodes.length - 1]!;
    cache.assume(newPodInfo(makePod('p0')), 'n0');
    cache.addPod(newPodInfo(makePod('other')), far.name);
    const hint = r.hintFor('s', cache)!;
    expect(hint.filter((n) => n.name === 'n0').length).toBe(1);
    expect(hint.slice(-2).map((n) => n.name)).toEqual(['n0', far.name]);
    expect(hint[0]!.name).toBe('n1');
  });

  it('keeps the unexamined tail behind a hinted search\'s results, so it gets its turn', () => {
    const { cache, nodes, r } = setup(HINT_SIZE + 3 * HINT_TAIL);
    r.record('s', nodes, false, undefined, cache);
    const h1 = r.hintFor('s', cache)!;
    // The hinted search found two of them feasible, a tail node best.
    const best = nodes[HINT_SIZE + 1]!;
    r.record('s', [best, nodes[0]!], true, h1, cache);
    const h2 = r.hintFor('s', cache)!;
    expect(names(h2.slice(0, 2))).toEqual([best.name, 'n0']);
    // The next tail nodes (never looked at again) come after the examined ones.
    expect(names(h2.slice(2))).toEqual(names(nodes.slice(HINT_SIZE + HINT_TAIL, HINT_SIZE + 2 * HINT_TAIL)));
  });

  it('gives up when too many nodes changed at once', () => {
    const { cache, nodes, r } = setup(MAX_CHANGED + 5);
    r.record('s', nodes, false, undefined, cache);
    for (const [i, n] of nodes.entries()) cache.addPod(newPodInfo(makePod(`x${i}`)), n.name);
    expect(r.hintFor('s', cache)).toBeUndefined();
  });

  it('forgets everything after a pod that found no node', () => {
    const { cache, nodes, r } = setup(5);
    r.record('s', nodes, false, undefined, cache);
    r.record('s', undefined, false, undefined, cache);
    expect(r.hintFor('s', cache)).toBeUndefined();
  });
});

describe('pods of one shape in a row', () => {
  it('a Deployment-like burst: every pod placed within capacity, most from the hint, spread as LeastAllocated wants', async () => {
    const h = new Harness();
    for (let i = 0; i < 50; i++) h.add(R.NODES, makeNode(`n${i}`, { cpu: '1' }));
    const pods = Array.from({ length: 200 }, (_, i) => `web-${i}`);
    for (const p of pods) h.add(R.PODS, makePod(p, { cpu: '250m' }));
    await h.settle();
    const perNode = new Map<string, number>();
    for (const p of pods) {
      const n = h.nodeOf(p);
      expect(n).toBeDefined();
      perNode.set(n!, (perNode.get(n!) ?? 0) + 1);
    }
    expect(perNode.size).toBe(50); // 4 × 250m fill each 1-cpu node exactly: nothing over capacity
    expect(Math.max(...perNode.values())).toBe(4);
    expect(h.scheduler.ctx.reuse.hinted).toBeGreaterThan(150);
  });

  it('spreads a burst on roomy nodes as a full search per pod would (LeastAllocated)', async () => {
    const h = new Harness();
    for (let i = 0; i < 50; i++) h.add(R.NODES, makeNode(`n${i}`, { cpu: '8' }));
    const pods = Array.from({ length: 100 }, (_, i) => `web-${i}`);
    for (const p of pods) h.add(R.PODS, makePod(p, { cpu: '100m' }));
    await h.settle();
    const perNode = new Map<string, number>();
    for (const p of pods) perNode.set(h.nodeOf(p)!, (perNode.get(h.nodeOf(p)!) ?? 0) + 1);
    expect(perNode.size).toBe(50);
    expect(Math.max(...perNode.values())).toBe(2);
    expect(h.scheduler.ctx.reuse.hinted).toBeGreaterThan(80);
  });

  it('an event that may move any node (a DeviceClass) makes the next pod search fully', async () => {
    const h = new Harness();
    for (let i = 0; i < 5; i++) h.add(R.NODES, makeNode(`n${i}`, { cpu: '4' }));
    h.add(R.PODS, makePod('a', { cpu: '100m' }));
    await h.settle();
    const full = h.scheduler.ctx.reuse.full;
    h.add(R.DEVICE_CLASSES, gpuClass());
    h.add(R.PODS, makePod('b', { cpu: '100m' }));
    await h.settle();
    expect(h.scheduler.ctx.reuse.full).toBe(full + 1);
  });
});

describe('gang cycle with reused rankings', () => {
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
