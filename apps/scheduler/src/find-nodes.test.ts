import { describe, expect, it } from 'vitest';
import { newPodInfo } from './cache/pod-info.ts';
import { findNode, numFeasibleNodesToFind } from './find-nodes.ts';
import { CycleState } from './framework/cycle-state.ts';
import * as R from './refs.ts';
import { makeNode, makePod } from './testing/fixtures.ts';
import { Harness } from './testing/harness.ts';

async function cluster() {
  const h = new Harness();
  for (let i = 0; i < 5; i++) {
    const n = makeNode(`n${i}`, { cpu: '4' });
    if (i < 2) n.spec = { ...n.spec, unschedulable: true };
    h.add(R.NODES, n);
  }
  await h.settle();
  const ctx = h.scheduler.ctx;
  const node = (name: string) => ctx.cache.getNode(name)!;
  const find = (hint: string[] | undefined, rank = true) => findNode(ctx.fw, ctx.cache, newPodInfo(makePod('p', { cpu: '1' })), new CycleState(), ctx.sampler, { hint: hint?.map(node), rank });
  return { find };
}

describe('findNode', () => {
  it('keeps upstream numFeasibleNodesToFind: all nodes below 100, adaptive percentage above', () => {
    expect(numFeasibleNodesToFind(40, 0)).toBe(40);
    expect(numFeasibleNodesToFind(1000, 0)).toBe(420);
    expect(numFeasibleNodesToFind(5000, 0)).toBe(500);
    expect(numFeasibleNodesToFind(5000, 100)).toBe(5000);
  });

  it('with a hint looks only at the hinted nodes that fit, and says so', async () => {
    const { find } = await cluster();
    const r = find(['n0', 'n3']);
    expect(r).toMatchObject({ ok: true, node: 'n3', hinted: true, evaluated: 2, feasible: 1 });
    expect(r.ok && r.ranked?.map((n) => n.name)).toEqual(['n3']);
  });

  it('falls back to the full search when no hinted node fits', async () => {
    const { find } = await cluster();
    const r = find(['n0', 'n1']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.hinted).toBeUndefined();
    expect(['n2', 'n3', 'n4']).toContain(r.node);
    expect(r.ranked?.map((n) => n.name).sort()).toEqual(['n2', 'n3', 'n4']);
    expect(r.ranked?.[0]?.name).toBe(r.node);
  });

  it('ranks only when asked', async () => {
    const { find } = await cluster();
    const r = find(undefined, false);
    expect(r.ok && r.ranked).toBeUndefined();
  });
});
