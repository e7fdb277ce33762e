import { describe, expect, it } from 'vitest';
import { CycleState } from '../../framework/cycle-state.ts';
import { makeNode, makePod } from '../../testing/fixtures.ts';
import { nodeInfo, podInfo } from '../test-util.ts';
import { ERR_MISSING_LABEL, ERR_SPREAD, PodTopologySpreadPlugin } from './pod-topology-spread.ts';

const plugin = new PodTopologySpreadPlugin();
const web = (n: string) => makePod(n, { labels: { app: 'web' } });
const spread = (maxSkew: number, when: 'DoNotSchedule' | 'ScheduleAnyway' = 'DoNotSchedule') => ({
  topologySpreadConstraints: [{ maxSkew, topologyKey: 'zone', whenUnsatisfiable: when, labelSelector: { matchLabels: { app: 'web' } } }],
});

describe('PodTopologySpread', () => {
  const nodes = () => [nodeInfo(makeNode('a', { labels: { zone: 'a' } }), [web('w1'), web('w2')]), nodeInfo(makeNode('b', { labels: { zone: 'b' } }), [web('w3')]), nodeInfo(makeNode('c', { labels: { zone: 'c' } })), nodeInfo(makeNode('nolabel'))];
  const cases: { name: string; maxSkew: number; want: Record<string, string> }[] = [
    { name: 'maxSkew 1: only the empty zone', maxSkew: 1, want: { a: ERR_SPREAD, b: ERR_SPREAD, c: 'ok', nolabel: ERR_MISSING_LABEL } },
    { name: 'maxSkew 2: b and c', maxSkew: 2, want: { a: ERR_SPREAD, b: 'ok', c: 'ok', nolabel: ERR_MISSING_LABEL } },
    { name: 'maxSkew 3: all zones', maxSkew: 3, want: { a: 'ok', b: 'ok', c: 'ok', nolabel: ERR_MISSING_LABEL } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ns = nodes();
      const s = new CycleState();
      const pod = podInfo(makePod('new', { labels: { app: 'web' }, spec: spread(c.maxSkew) }));
      plugin.preFilter(s, pod, ns);
      expect(Object.fromEntries(ns.map((n) => [n.name, plugin.filter(s, pod, n).reasons[0] ?? 'ok']))).toEqual(c.want);
    });
  }
  it('ScheduleAnyway scores emptier domains higher', () => {
    const ns = nodes().slice(0, 3);
    const s = new CycleState();
    const pod = podInfo(makePod('new', { labels: { app: 'web' }, spec: spread(1, 'ScheduleAnyway') }));
    plugin.preScore(s, pod, ns);
    const scores = ns.map((n) => ({ name: n.name, score: plugin.score(s, pod, n) }));
    plugin.normalize(s, pod, scores);
    expect(scores[2]!.score).toBeGreaterThan(scores[1]!.score);
    expect(scores[1]!.score).toBeGreaterThan(scores[0]!.score);
  });

  it('counts stay right across cycles as pods come and go, labels change and nodes move zones (the kept tallies)', () => {
    const ns = nodes().slice(0, 3); // a: 2 web, b: 1 web, c: 0
    const pod = podInfo(makePod('new', { labels: { app: 'web' }, spec: spread(1) }));
    const verdicts = (): Record<string, string> => {
      const s = new CycleState();
      plugin.preFilter(s, pod, ns);
      return Object.fromEntries(ns.map((n) => [n.name, plugin.filter(s, pod, n).reasons[0] ?? 'ok']));
    };
    expect(verdicts()).toEqual({ a: ERR_SPREAD, b: ERR_SPREAD, c: 'ok' });
    ns[2]!.addPod(podInfo(web('w4'))); // a 2, b 1, c 1
    expect(verdicts()).toEqual({ a: ERR_SPREAD, b: 'ok', c: 'ok' });
    ns[0]!.removePod(podInfo(web('w1')).key); // a 1, b 1, c 1
    expect(verdicts()).toEqual({ a: 'ok', b: 'ok', c: 'ok' });
    ns[1]!.addPod(podInfo(makePod('w3', { labels: { app: 'db' } }))); // w3 relabelled: a 1, b 0, c 1
    expect(verdicts()).toEqual({ a: ERR_SPREAD, b: 'ok', c: ERR_SPREAD });
    ns[2]!.setNode(makeNode('c', { labels: { zone: 'a' } })); // c joins zone a: a 2 (over 2 nodes), b 0; zone c is gone
    expect(verdicts()).toEqual({ a: ERR_SPREAD, b: 'ok', c: ERR_SPREAD });
    ns.splice(1, 1); // b removed from the list: only zone a is left
    expect(verdicts()).toEqual({ a: 'ok', c: 'ok' });
  });
});

