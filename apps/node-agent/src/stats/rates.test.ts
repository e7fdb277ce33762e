/** CPU rates from pairs of cumulative readings. */
import { describe, expect, it } from 'vitest';
import { cpuNanoCores } from './rates.ts';

describe('cpuNanoCores', () => {
  it.each<[string, { value: number; at: number } | undefined, { value: number; at: number }, number | undefined]>([
    ['no previous reading', undefined, { value: 5e9, at: 1000 }, undefined],
    ['half a core over 10 s', { value: 0, at: 0 }, { value: 5e9, at: 10_000 }, 0.5e9],
    ['idle', { value: 7, at: 0 }, { value: 7, at: 10_000 }, 0],
    ['2 ms of CPU over 3 ms of wall time rounds to whole nanocores', { value: 0, at: 0 }, { value: 2e6, at: 3 }, 666_666_667],
    ['counter reset', { value: 9e9, at: 0 }, { value: 1e9, at: 10_000 }, undefined],
    ['same instant', { value: 0, at: 5 }, { value: 1e9, at: 5 }, undefined],
    ['clock went back', { value: 0, at: 5 }, { value: 1e9, at: 4 }, undefined],
  ])('%s', (_what, prev, next, want) => expect(cpuNanoCores(prev, next)).toBe(want));
});
