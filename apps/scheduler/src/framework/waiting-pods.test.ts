import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../cache/pod-info.ts';
import { makePod } from '../testing/fixtures.ts';
import { WaitingPods } from './waiting-pods.ts';

const pod = newPodInfo(makePod('p'), 0);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('WaitingPods (Permit Wait: allow / reject / timeout)', () => {
  const cases: { name: string; plugins: [string, number][]; act: (w: WaitingPods) => void; code: string; reason?: string; plugin?: string }[] = [
    { name: 'allowed by its only waiting plugin', plugins: [['A', 1000]], act: (w) => w.allow(pod.key, 'A'), code: 'Success' },
    { name: 'allowed only once every waiting plugin allowed', plugins: [['A', 1000], ['B', 1000]], act: (w) => { w.allow(pod.key, 'A'); w.allow(pod.key, 'B'); }, code: 'Success' },
    { name: 'one rejection is enough', plugins: [['A', 1000], ['B', 1000]], act: (w) => { w.allow(pod.key, 'A'); w.reject(pod.key, 'B', 'no'); }, code: 'Unschedulable', reason: 'no', plugin: 'B' },
    { name: "a plugin's timeout rejects", plugins: [['A', 1000], ['B', 10]], act: (w) => w.allow(pod.key, 'A'), code: 'Unschedulable', reason: 'rejected due to timeout after waiting 0.01s at plugin B', plugin: 'B' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const w = new WaitingPods();
      w.add(pod, 'n', new Map(c.plugins));
      const done = w.wait(pod.key);
      c.act(w);
      const s = await done;
      expect(s.code).toBe(c.code);
      if (c.reason) expect(s.reasons).toEqual([c.reason]);
      if (c.plugin) expect(s.plugin).toBe(c.plugin);
      expect(w.size).toBe(0);
    });
  }

  it('one allow of two leaves the pod waiting', async () => {
    const w = new WaitingPods();
    w.add(pod, 'n', new Map([['A', 1000], ['B', 1000]]));
    w.allow(pod.key, 'A');
    let settled = false;
    void w.wait(pod.key).then(() => (settled = true));
    await sleep(5);
    expect(settled).toBe(false);
    expect(w.get(pod.key)?.pending).toEqual(new Set(['B']));
  });
});
