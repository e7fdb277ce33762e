import { describe, expect, it } from 'vitest';
import { CycleState } from '../../framework/cycle-state.ts';
import { makeNode, makePod } from '../../testing/fixtures.ts';
import { nodeInfo, podInfo } from '../test-util.ts';
import { ERR_NODE_AFFINITY, NodeAffinityPlugin } from './node-affinity.ts';

const plugin = new NodeAffinityPlugin();
const node = nodeInfo(makeNode('n1', { labels: { zone: 'a', gpus: '8', type: 'h100' } }));

describe('NodeAffinity filter', () => {
  const cases: { name: string; spec: object; ok: boolean }[] = [
    { name: 'no constraints', spec: {}, ok: true },
    { name: 'nodeSelector match', spec: { nodeSelector: { zone: 'a' } }, ok: true },
    { name: 'nodeSelector miss', spec: { nodeSelector: { zone: 'b' } }, ok: false },
    { name: 'In', spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'type', operator: 'In', values: ['a100', 'h100'] }] }] } } } }, ok: true },
    { name: 'NotIn', spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'type', operator: 'NotIn', values: ['h100'] }] }] } } } }, ok: false },
    { name: 'Gt', spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpus', operator: 'Gt', values: ['4'] }] }] } } } }, ok: true },
    { name: 'terms ORed', spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['x'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } } }, ok: true },
    { name: 'DoesNotExist', spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }] } } } }, ok: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = plugin.filter(new CycleState(), podInfo(makePod('p', { spec: c.spec })), node);
      expect(s.code === 'Success').toBe(c.ok);
      if (!c.ok) expect(s.reasons).toEqual([ERR_NODE_AFFINITY]);
    });
  }
  it('scores preferred terms by weight', () => {
    const pod = podInfo(makePod('p', { spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }] } } } }));
    const other = nodeInfo(makeNode('n2', { labels: { zone: 'b' } }));
    const s = new CycleState();
    const scores = [node, other].map((n) => ({ name: n.name, score: plugin.score(s, pod, n) }));
    plugin.normalize(s, pod, scores);
    expect(scores.map((x) => x.score)).toEqual([100, 0]);
  });
});
