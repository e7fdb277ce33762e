import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from '@skiff/api';
import { CycleState } from '../../framework/cycle-state.ts';
import { makeNode, makePod } from '../../testing/fixtures.ts';
import { nodeInfo, podInfo } from '../test-util.ts';
import { TaintTolerationPlugin } from './taint-toleration.ts';

const plugin = new TaintTolerationPlugin();
const run = (taints: Taint[], tolerations: Toleration[]) => plugin.filter(new CycleState(), podInfo(makePod('p', { spec: { tolerations } })), nodeInfo(makeNode('n', { taints })));

describe('TaintToleration filter', () => {
  const cases: { name: string; taints: Taint[]; tols: Toleration[]; ok: boolean; reason?: string }[] = [
    { name: 'no taints', taints: [], tols: [], ok: true },
    { name: 'NoSchedule untolerated', taints: [{ key: 'gpu', value: 'a100', effect: 'NoSchedule' }], tols: [], ok: false, reason: 'node(s) had untolerated taint {gpu: a100}' },
    { name: 'NoExecute untolerated', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }], tols: [], ok: false, reason: 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }' },
    { name: 'PreferNoSchedule only scores', taints: [{ key: 'x', effect: 'PreferNoSchedule' }], tols: [], ok: true },
    { name: 'Equal toleration', taints: [{ key: 'gpu', value: 'a100', effect: 'NoSchedule' }], tols: [{ key: 'gpu', operator: 'Equal', value: 'a100', effect: 'NoSchedule' }], ok: true },
    { name: 'wrong value', taints: [{ key: 'gpu', value: 'a100', effect: 'NoSchedule' }], tols: [{ key: 'gpu', value: 'h100' }], ok: false },
    { name: 'Exists any key', taints: [{ key: 'gpu', value: 'a100', effect: 'NoSchedule' }], tols: [{ operator: 'Exists' }], ok: true },
    { name: 'effect mismatch', taints: [{ key: 'gpu', effect: 'NoExecute' }], tols: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }], ok: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = run(c.taints, c.tols);
      expect(s.code === 'Success').toBe(c.ok);
      if (c.reason) expect(s.reasons).toEqual([c.reason]);
      if (!c.ok) expect(s.code).toBe('UnschedulableAndUnresolvable');
    });
  }
  it('prefers nodes without intolerable PreferNoSchedule taints', () => {
    const s = new CycleState();
    const pod = podInfo(makePod('p'));
    const scores = [nodeInfo(makeNode('a', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] })), nodeInfo(makeNode('b'))].map((n) => ({ name: n.name, score: plugin.score(s, pod, n) }));
    plugin.normalize(s, pod, scores);
    expect(scores.map((x) => x.score)).toEqual([0, 100]);
  });
});
