import { describe, expect, it } from 'vitest';
import { CycleState } from '../../framework/cycle-state.ts';
import { makeNode, makePod } from '../../testing/fixtures.ts';
import { nodeInfo, podInfo } from '../test-util.ts';
import { NodeNamePlugin } from './node-name.ts';
import { NodeUnschedulablePlugin } from '../node-unschedulable/node-unschedulable.ts';

describe('NodeName and NodeUnschedulable', () => {
  const cases: { name: string; nodeName?: string; unschedulable?: boolean; tolerate?: boolean; want: string }[] = [
    { name: 'any node', want: 'ok' },
    { name: 'named node', nodeName: 'n', want: 'ok' },
    { name: 'other node named', nodeName: 'm', want: "node(s) didn't match the requested node name" },
    { name: 'cordoned', unschedulable: true, want: 'node(s) were unschedulable' },
    { name: 'cordoned but tolerated', unschedulable: true, tolerate: true, want: 'ok' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const pod = podInfo(makePod('p', { spec: { ...(c.nodeName ? { nodeName: c.nodeName } : {}), ...(c.tolerate ? { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } : {}) } }));
      const n = nodeInfo(makeNode('n', { unschedulable: !!c.unschedulable }));
      const s = [new NodeNamePlugin(), new NodeUnschedulablePlugin()].map((p) => p.filter(new CycleState(), pod, n)).find((x) => x.code !== 'Success');
      expect(s?.reasons[0] ?? 'ok').toBe(c.want);
    });
  }
});
