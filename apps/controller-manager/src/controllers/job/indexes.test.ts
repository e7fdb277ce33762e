import { expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';
import { formatIndexes, parseIndexes } from './indexes.ts';

it('formats and parses completed index intervals', () => {
  expect(formatIndexes([7, 1, 3, 4, 5])).toBe('1,3-5,7');
  expect([...parseIndexes('1,3-5,7')]).toEqual([1, 3, 4, 5, 7]);
  expect(formatIndexes([])).toBe('');
});

it('back-off doubles from 10 s and caps at 6 min', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8].map(backoffDelay)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 360_000, 360_000]);
});
