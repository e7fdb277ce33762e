import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../cache/pod-info.ts';
import { lessPods } from '../plugins/priority-sort/priority-sort.ts';
import { makePod } from '../testing/fixtures.ts';
import { SchedulingQueue } from './scheduling-queue.ts';

describe('SchedulingQueue', () => {
  const mk = () => {
    let t = 1000;
    const q = new SchedulingQueue({ less: lessPods, now: () => t });
    return { q, tick: (ms: number) => (t += ms) };
  };
  it('pops by priority, then FIFO', () => {
    const { q, tick } = mk();
    q.add(newPodInfo(makePod('low', { priority: 1 })));
    tick(1);
    q.add(newPodInfo(makePod('high', { priority: 10 })));
    tick(1);
    q.add(newPodInfo(makePod('low2', { priority: 1 })));
    expect([q.tryPop(), q.tryPop(), q.tryPop()].map((x) => x?.info.name)).toEqual(['high', 'low', 'low2']);
  });
  it('backs off 1 s → 10 s on errors; parks unschedulable pods until a relevant event', () => {
    const { q, tick } = mk();
    expect([1, 2, 3, 4, 5, 6].map((a) => q.backoffFor(a))).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
    q.add(newPodInfo(makePod('p')));
    const p = q.tryPop()!;
    q.requeue(p, ['NodeResourcesFit']);
    expect(q.tryPop()).toBeUndefined();
    q.onEvent({ resource: 'ResourceSlice', action: 'Add' }, () => new Set(['DynamicResources']));
    expect(q.sizes.unschedulable).toBe(1);
    q.onEvent({ resource: 'Node', action: 'Add' }, () => new Set(['NodeResourcesFit']));
    expect(q.tryPop()).toBeUndefined(); // still backing off (1 s)
    tick(1000);
    expect(q.tryPop()?.info.name).toBe('p');
    q.close();
  });
  it('takes a whole gang out at once', () => {
    const { q } = mk();
    for (const n of ['a', 'b', 'c']) q.add(newPodInfo(makePod(n)), 'co:default/g', 5);
    q.add(newPodInfo(makePod('solo')));
    const first = q.tryPop()!;
    expect(first.gang).toBe('co:default/g');
    expect(q.takeGang('co:default/g').map((x) => x.info.name).sort()).toEqual(['b', 'c']);
    expect(q.tryPop()?.info.name).toBe('solo');
  });
});
