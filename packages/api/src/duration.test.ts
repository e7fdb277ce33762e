import { describe, expect, it } from 'vitest';
import { goDurationString, humanDuration, shortHumanDuration, translateTimestampSince } from './duration.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration (upstream duration_test.go table)', () => {
  it.each([
    [1 * s, '1s'],
    [70 * s, '70s'],
    [190 * s, '3m10s'],
    [200 * s, '3m20s'],
    [2 * m, '2m'],
    [5 * m + 0.9 * s, '5m'],
    [42 * m, '42m'],
    [65 * m, '65m'],
    [2 * h + 59 * m, '179m'],
    [3 * h, '3h'],
    [5 * h + 3 * m, '5h3m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [3 * d + 4 * h, '3d4h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [367 * d, '367d'],
    [365 * 2 * d, '2y'],
    [365 * 2 * d + 10 * d, '2y10d'],
    [365 * 7 * d + 364 * d, '7y364d'],
    [365 * 8 * d, '8y'],
    [365 * 9 * d + 100 * d, '9y'],
    [-1.5 * s, '0s'],
    [-2 * s, '<invalid>'],
    [0, '0s'],
  ])('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('shortHumanDuration', () => {
  it.each([
    [59 * s, '59s'],
    [90 * s, '1m'],
    [3 * h + 5 * m, '3h'],
    [25 * h, '1d'],
    [400 * d, '1y'],
    [-5 * s, '<invalid>'],
  ])('%d ms → %s', (ms, want) => {
    expect(shortHumanDuration(ms)).toBe(want);
  });
});

describe('translateTimestampSince', () => {
  const now = Date.parse('2026-01-02T15:04:05Z');
  it('prints age', () => {
    expect(translateTimestampSince('2026-01-02T15:00:00Z', now)).toBe('4m5s');
    expect(translateTimestampSince(undefined, now)).toBe('<unknown>');
    expect(translateTimestampSince(null, now)).toBe('<unknown>');
    expect(translateTimestampSince('garbage', now)).toBe('<unknown>');
  });
});

describe('goDurationString (Go time.Duration.String)', () => {
  it.each([
    [0, '0s'],
    [1, '1ns'],
    [1_100, '1.1µs'],
    [2_200_000, '2.2ms'],
    [10e9, '10s'],
    [10_012_000_000, '10.012s'],
    [120e9, '2m0s'],
    [3_723_500_000_000, '1h2m3.5s'],
    [3_600e9, '1h0m0s'],
    [-1_500_000_000, '-1.5s'],
  ])('%d ns → %s', (ns, want) => expect(goDurationString(ns)).toBe(want));
});
