import { describe, expect, it } from 'vitest';
import type { Pod } from '@skiff/api';
import { CycleState } from '../../framework/cycle-state.ts';
import { makeNode, makePod } from '../../testing/fixtures.ts';
import { nodeInfo, podInfo } from '../test-util.ts';
import { ERR_AFFINITY, ERR_ANTI_AFFINITY, ERR_EXISTING_ANTI, InterPodAffinityPlugin } from './inter-pod-affinity.ts';

const plugin = new InterPodAffinityPlugin();
const term = (app: string, key = 'zone') => ({ labelSelector: { matchLabels: { app } }, topologyKey: key });
const anti = (app: string, key?: string) => ({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(app, key)] } } });
const aff = (app: string, key?: string) => ({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(app, key)] } } });

function verdicts(pod: Pod, existing: Record<string, Pod[]>): Record<string, string> {
  const nodes = [nodeInfo(makeNode('a1', { labels: { zone: 'a' } }), existing['a1']), nodeInfo(makeNode('a2', { labels: { zone: 'a' } }), existing['a2']), nodeInfo(makeNode('b1', { labels: { zone: 'b' } }), existing['b1'])];
  const s = new CycleState();
  const pi = podInfo(pod);
  plugin.preFilter(s, pi, nodes);
  return Object.fromEntries(nodes.map((n) => [n.name, plugin.filter(s, pi, n).reasons[0] ?? 'ok']));
}

describe('InterPodAffinity', () => {
  it('anti-affinity keeps replicas out of a zone that has one', () => {
    expect(verdicts(makePod('web-2', { labels: { app: 'web' }, spec: anti('web') }), { a1: [makePod('web-1', { labels: { app: 'web' } })] })).toEqual({ a1: ERR_ANTI_AFFINITY, a2: ERR_ANTI_AFFINITY, b1: 'ok' });
  });
  it("existing pods' anti-affinity is respected (symmetry)", () => {
    expect(verdicts(makePod('cache', { labels: { app: 'cache' } }), { b1: [makePod('db', { labels: { app: 'db' }, spec: anti('cache') })] })).toEqual({ a1: 'ok', a2: 'ok', b1: ERR_EXISTING_ANTI });
  });
  it('affinity requires a matching pod in the same topology', () => {
    expect(verdicts(makePod('front', { spec: aff('db') }), { b1: [makePod('db', { labels: { app: 'db' } })] })).toEqual({ a1: ERR_AFFINITY, a2: ERR_AFFINITY, b1: 'ok' });
  });
  it('the first pod of a self-affine group may go anywhere', () => {
    expect(verdicts(makePod('w0', { labels: { app: 'w' }, spec: aff('w') }), {})).toEqual({ a1: 'ok', a2: 'ok', b1: 'ok' });
  });
  it('hostname topology', () => {
    expect(verdicts(makePod('x2', { labels: { app: 'x' }, spec: anti('x', 'kubernetes.io/hostname') }), { a1: [makePod('x1', { labels: { app: 'x' } })] })).toEqual({ a1: ERR_ANTI_AFFINITY, a2: 'ok', b1: 'ok' });
  });
});
