import { describe, expect, it } from 'vitest';
import type { Pod } from '@skiff/api';
import { makePod } from '../testing/fixtures.ts';
import { GangIndex } from './index.ts';

describe('GangIndex', () => {
  it('keeps each gang’s members current through adds, updates, label moves and deletes', () => {
    const ix = new GangIndex();
    const a = makePod('a', { gang: { coscheduling: 'g1' } });
    const b = makePod('b', { gang: { upstream: 'g2' } });
    const loner = makePod('loner');
    ix.update(undefined, a);
    ix.update(undefined, b);
    ix.update(undefined, loner);
    expect([...ix.members('co:default/g1').keys()]).toEqual(['default/a']);
    expect([...ix.members('pg:default/g2').keys()]).toEqual(['default/b']);
    const running: Pod = { ...a, status: { phase: 'Running' } };
    ix.update(a, running);
    expect(ix.members('co:default/g1').get('default/a')?.status?.phase).toBe('Running');
    // Relabelled into another gang: leaves the first.
    const moved: Pod = { ...running, metadata: { ...running.metadata, labels: { 'scheduling.x-k8s.io/pod-group': 'g3' } } };
    ix.update(running, moved);
    expect(ix.members('co:default/g1').size).toBe(0);
    expect([...ix.members('co:default/g3').keys()]).toEqual(['default/a']);
    ix.update(moved, undefined);
    ix.update(b, undefined);
    expect(ix.members('co:default/g3').size + ix.members('pg:default/g2').size).toBe(0);
  });
});
